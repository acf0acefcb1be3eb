import type { NetworkDiagnosis } from "../net/index.js";
import type { DemoNetwork } from "./demo-network.js";

export interface DiagnosisPanelElements {
  button: HTMLButtonElement;
  status: HTMLElement;
  /** One item per finding of the last diagnosis. */
  findings: HTMLUListElement;
}

/** The status line for a finished diagnosis: the summary, and how long it took. */
export function diagnosisStatus(diagnosis: NetworkDiagnosis): string {
  const seconds = (diagnosis.durationMs / 1000).toFixed(1);
  const cut = diagnosis.timedOut ? ", some servers still silent when time ran out" : "";
  return `${diagnosis.summary} (checked in ${seconds} s${cut})`;
}

/**
 * The overlay's "Check my network" button: runs the library's NAT doctor (`net.diagnose()`) and shows its verdict
 * and findings in words. Its status carries the outlook as `data-outlook`, for tests and styling.
 */
export class DiagnosisPanel {
  private net: DemoNetwork | undefined;

  constructor(private readonly elements: DiagnosisPanelElements) {
    elements.button.addEventListener("click", () => void this.run());
  }

  /** Diagnoses with this manager from now on. */
  attach(net: DemoNetwork): () => void {
    this.net = net;
    return () => {
      this.net = undefined;
    };
  }

  private async run(): Promise<void> {
    const net = this.net;
    if (!net) return;
    const { button, status, findings } = this.elements;
    button.disabled = true;
    status.textContent = "Checking the STUN and TURN servers...";
    findings.replaceChildren();
    delete status.dataset.outlook;
    try {
      const diagnosis = await net.diagnose();
      status.textContent = diagnosisStatus(diagnosis);
      status.dataset.outlook = diagnosis.outlook;
      findings.replaceChildren(
        ...diagnosis.findings.map((finding) => Object.assign(document.createElement("li"), { textContent: finding })),
      );
    } catch (error) {
      status.textContent = `Could not check: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
    }
  }
}
