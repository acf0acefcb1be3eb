import type { Page } from "@playwright/test";

/**
 * What ICE did in a page, for explaining a pair that settled on an unexpected path or late: every candidate gathered
 * and received, every error a STUN or TURN server gave (or not answering), every ICE and connection (DTLS) state change, and every change of the selected candidate pair, and each data
 * channel opening, each stamped with Date.now().
 * Read from the browser's own objects (`RTCIceTransport.getSelectedCandidatePair()`), not from getStats, whose
 * results Chromium caches: polling them would change what the library itself reads.
 */
export interface IceTraceEntry {
  at: number;
  /** Which RTCPeerConnection of the page, in the order they were made. */
  connection: number;
  what: "local" | "remote" | "error" | "ice" | "connection" | "selected" | "channel";
  detail: string;
}

/**
 * Makes every RTCPeerConnection the page creates from now on record its ICE trace (idempotent). Call it before the
 * player joins a room: PeerJS looks `RTCPeerConnection` up when it connects.
 */
export async function traceIce(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Traced = typeof window & { iceTrace?: IceTraceEntry[]; iceTraceConnections?: number };
    const traced = window as Traced;
    traced.iceTrace = [];
    if (traced.iceTraceConnections !== undefined) return;
    traced.iceTraceConnections = 0;
    const describe = (candidate: RTCIceCandidate | RTCIceCandidateInit | null | undefined): string => {
      const line = candidate?.candidate ?? "";
      const [, , protocol, , address, port, , type] = line.split(" ");
      const relayProtocol = (candidate as { relayProtocol?: string } | null)?.relayProtocol;
      return line === "" ? "end" : `${type}/${protocol}${relayProtocol ? `(${relayProtocol})` : ""} ${address}:${port}`;
    };
    const Original = window.RTCPeerConnection;
    class TracedConnection extends Original {
      private readonly connection = traced.iceTraceConnections ?? 0;
      private watchedTransport: RTCIceTransport | undefined;

      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        traced.iceTraceConnections = this.connection + 1;
        this.addEventListener("icecandidate", (event) => this.log("local", describe(event.candidate)));
        this.addEventListener("icecandidateerror", (event) => {
          const { url, errorCode, errorText } = event;
          this.log("error", `${url} ${String(errorCode)} ${errorText}`);
        });
        this.addEventListener("iceconnectionstatechange", () => {
          this.log("ice", this.iceConnectionState);
          this.watchSelection();
        });
        this.addEventListener("connectionstatechange", () => this.log("connection", this.connectionState));
        this.addEventListener("signalingstatechange", () => this.watchSelection());
        this.addEventListener("datachannel", (event) => this.watchChannel(event.channel));
      }

      override createDataChannel(label: string, options?: RTCDataChannelInit): RTCDataChannel {
        return this.watchChannel(super.createDataChannel(label, options));
      }

      override addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
        this.log("remote", describe(candidate));
        return super.addIceCandidate(candidate ?? undefined);
      }

      private log(what: IceTraceEntry["what"], detail: string): void {
        traced.iceTrace?.push({ at: Date.now(), connection: this.connection, what, detail });
      }

      private watchChannel(channel: RTCDataChannel): RTCDataChannel {
        channel.addEventListener("open", () => this.log("channel", `${channel.label || String(channel.id)} open`));
        return channel;
      }

      /** The ICE transport exists once a description with a data channel is applied; watched from then on. */
      private watchSelection(): void {
        const transport = this.sctp?.transport.iceTransport;
        if (!transport || transport === this.watchedTransport) return;
        this.watchedTransport = transport;
        const logSelected = (): void => {
          const pair = transport.getSelectedCandidatePair();
          if (pair) this.log("selected", `${describe(pair.local)} -> ${describe(pair.remote)}`);
        };
        transport.addEventListener("selectedcandidatepairchange", logSelected);
        logSelected();
      }
    }
    window.RTCPeerConnection = TracedConnection;
  });
}

/** The trace so far, one line per entry, times counted from `since` (ms since the epoch). */
export async function iceTrace(page: Page, since: number): Promise<string> {
  const entries = await page.evaluate(() => (window as typeof window & { iceTrace?: IceTraceEntry[] }).iceTrace ?? []);
  return entries
    .map((entry) => `  +${String(entry.at - since)} pc${String(entry.connection)} ${entry.what} ${entry.detail}`)
    .join("\n");
}

/** The candidate pair most recently selected in the page (`local -> remote`, as the trace shows it), if any. */
export async function lastSelectedPair(page: Page): Promise<string | undefined> {
  const entries = await page.evaluate(() => (window as typeof window & { iceTrace?: IceTraceEntry[] }).iceTrace ?? []);
  return entries.filter((entry) => entry.what === "selected").at(-1)?.detail;
}
