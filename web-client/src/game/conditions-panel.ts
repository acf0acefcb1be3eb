import type { NetworkConditions } from "../net/index.js";
import type { DemoNetwork } from "./demo-network.js";

/** A named set of conditions for the overlay's preset menu; null conditions are "off". */
export interface ConditionsPreset {
  id: string;
  label: string;
  conditions: NetworkConditions | null;
}

/** Rough figures for common networks: added round-trip latency, its jitter, and state loss. */
export const PRESETS: readonly ConditionsPreset[] = [
  { id: "off", label: "Off: the real network", conditions: null },
  { id: "good", label: "Good broadband", conditions: { latencyMs: 30, jitterMs: 5, lossPercent: 0 } },
  { id: "3g", label: "3G", conditions: { latencyMs: 200, jitterMs: 50, lossPercent: 2 } },
  { id: "bad-wifi", label: "Bad Wi-Fi", conditions: { latencyMs: 80, jitterMs: 60, lossPercent: 8 } },
  { id: "custom", label: "Custom", conditions: null },
];

/** One line saying what is simulated, for the panel's status. */
export function describeConditions(conditions: NetworkConditions | null): string {
  if (!conditions) return "Off: messages travel as the real network carries them.";
  const { latencyMs, jitterMs, lossPercent } = conditions;
  return `Simulating +${latencyMs} ms RTT ± ${jitterMs} ms and ${lossPercent}% state loss, to and from this player.`;
}

/** The preset whose conditions these are, else "custom" (or "off" when there are none). */
export function presetFor(conditions: NetworkConditions | null): string {
  if (!conditions) return "off";
  const same = (preset: ConditionsPreset): boolean =>
    preset.conditions !== null &&
    preset.conditions.latencyMs === conditions.latencyMs &&
    preset.conditions.jitterMs === conditions.jitterMs &&
    preset.conditions.lossPercent === conditions.lossPercent;
  return PRESETS.find(same)?.id ?? "custom";
}

export interface ConditionsPanelElements {
  form: HTMLFormElement;
  preset: HTMLSelectElement;
  latency: HTMLInputElement;
  jitter: HTMLInputElement;
  loss: HTMLInputElement;
  status: HTMLElement;
}

/**
 * The overlay's network conditioner controls: a preset menu and three number fields, applied with the library's
 * public `setConditions`. Out-of-range values are left to the library to refuse, so its error is what shows.
 */
export class ConditionsPanel {
  private net: DemoNetwork | undefined;

  constructor(private readonly elements: ConditionsPanelElements) {
    const { form, preset, latency, jitter, loss } = elements;
    form.noValidate = true;
    preset.replaceChildren(...PRESETS.map(({ id, label }) => new Option(label, id)));
    preset.addEventListener("change", () => {
      const chosen = PRESETS.find(({ id }) => id === preset.value);
      if (!chosen || chosen.id === "custom") return;
      this.fill(chosen.conditions);
      this.apply();
    });
    for (const input of [latency, jitter, loss]) input.addEventListener("input", () => (preset.value = "custom"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.apply();
    });
    this.show(null);
  }

  /** Controls this manager from now on, showing the conditions it has. */
  attach(net: DemoNetwork): () => void {
    this.net = net;
    this.show(net.getConditions());
    return () => {
      this.net = undefined;
    };
  }

  private apply(): void {
    const net = this.net;
    if (!net) return;
    const { latency, jitter, loss, status } = this.elements;
    const number = (input: HTMLInputElement): number => (input.value.trim() === "" ? 0 : Number(input.value));
    try {
      net.setConditions({ latencyMs: number(latency), jitterMs: number(jitter), lossPercent: number(loss) });
      this.show(net.getConditions());
    } catch (error) {
      status.textContent = `Not applied: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private show(conditions: NetworkConditions | null): void {
    this.fill(conditions);
    this.elements.preset.value = presetFor(conditions);
    this.elements.status.textContent = describeConditions(conditions);
  }

  private fill(conditions: NetworkConditions | null): void {
    const { latency, jitter, loss } = this.elements;
    latency.value = String(conditions?.latencyMs ?? 0);
    jitter.value = String(conditions?.jitterMs ?? 0);
    loss.value = String(conditions?.lossPercent ?? 0);
  }
}
