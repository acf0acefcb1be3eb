import type { LinkInfo, Member } from "../net/index.js";
import type { DemoNetwork } from "./demo-network.js";
import { drawChart, SERIES_COLOURS } from "./overlay-chart.js";
import { pathLabel } from "./path-label.js";

interface PeerHistory {
  lastStats: LinkInfo["stats"] | undefined;
  rtt: number[];
  /** State snapshots seen in the current second, and the sequence range they span (for loss). */
  states: number;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  loss: number | undefined;
}

export interface OverlayElements {
  root: HTMLElement;
  toggleButton: HTMLElement;
  table: HTMLTableSectionElement;
  rttChart: HTMLCanvasElement;
  bandwidthChart: HTMLCanvasElement;
}

const HISTORY_SECONDS = 60;

/** The overlay's columns, in order; each cell carries its key as `data-field` for tests and styling. */
const FIELDS = ["peer", "path", "state", "rtt", "jitter", "loss", "messages", "bytes", "delay", "offset"] as const;

/**
 * The debug overlay: per peer the path, link state, RTT, jitter, loss, message and byte rates, interpolation delay
 * and clock offset, plus RTT and bandwidth history charts. It reads only what the library exposes to every game.
 */
export class DebugOverlay {
  private readonly history = new Map<string, PeerHistory>();
  private readonly bandwidth = { out: [] as number[], in: [] as number[] };
  private timer: ReturnType<typeof setInterval> | undefined;
  private refresh: (() => void) | undefined;

  constructor(private readonly elements: OverlayElements) {}

  /** Starts sampling the manager once a second; returns the function that stops it. */
  attach(net: DemoNetwork, members: () => Member[]): () => void {
    const offState = net.on("state", ({ from, seq }) => {
      const history = this.historyOf(from);
      history.states++;
      history.firstSeq ??= seq;
      history.lastSeq = Math.max(history.lastSeq ?? seq, seq);
    });
    this.refresh = () => this.sample(net, members());
    this.refresh();
    this.timer = setInterval(this.refresh, 1000);
    return () => {
      offState();
      clearInterval(this.timer);
      this.refresh = undefined;
      this.history.clear();
      this.bandwidth.out.length = 0;
      this.bandwidth.in.length = 0;
      this.elements.table.replaceChildren();
    };
  }

  get isOpen(): boolean {
    return !this.elements.root.hidden;
  }

  toggle(): void {
    this.elements.root.hidden = !this.elements.root.hidden;
    this.elements.toggleButton.setAttribute("aria-expanded", String(this.isOpen));
  }

  private historyOf(peerId: string): PeerHistory {
    let history = this.history.get(peerId);
    if (!history) {
      history = { lastStats: undefined, rtt: [], states: 0, firstSeq: undefined, lastSeq: undefined, loss: undefined };
      this.history.set(peerId, history);
    }
    return history;
  }

  private sample(net: DemoNetwork, members: Member[]): void {
    const names = new Map(members.map((member) => [member.id, member.name]));
    const clock = net.getClockEstimate();
    const links = net.getLinks();
    for (const peerId of this.history.keys()) {
      if (!links.some((link) => link.peerId === peerId)) this.history.delete(peerId);
    }
    let bytesOut = 0;
    let bytesIn = 0;
    const rows = links.map((link) => {
      const history = this.historyOf(link.peerId);
      const previous = history.lastStats;
      history.lastStats = link.stats;
      push(history.rtt, link.rttMs ?? NaN);
      if (history.firstSeq !== undefined && history.lastSeq !== undefined) {
        const expected = history.lastSeq - history.firstSeq + 1;
        history.loss = expected > 0 ? Math.max(0, 1 - history.states / expected) : undefined;
      }
      history.states = 0;
      history.firstSeq = undefined;
      history.lastSeq = undefined;
      const rate = (pick: (stats: LinkInfo["stats"]) => number): number =>
        previous ? pick(link.stats) - pick(previous) : 0;
      const out = rate((s) => s.event.bytesOut + s.state.bytesOut);
      const incoming = rate((s) => s.event.bytesIn + s.state.bytesIn);
      bytesOut += out;
      bytesIn += incoming;
      const remote = net.getRemoteStats(link.peerId);
      const cells: Record<(typeof FIELDS)[number], string> = {
        peer: names.get(link.peerId) ?? link.peerId.slice(0, 8),
        path: pathLabel(link),
        state: link.state,
        rtt: ms(link.rttMs),
        jitter: ms(remote?.jitterMs),
        loss: history.loss === undefined ? "–" : `${(history.loss * 100).toFixed(0)}%`,
        messages: `${rate((s) => s.event.messagesOut + s.state.messagesOut)} / ${rate((s) => s.event.messagesIn + s.state.messagesIn)}`,
        bytes: `${bytes(out)} / ${bytes(incoming)}`,
        delay: ms(remote?.delayMs),
        offset: ms(clock?.offsetMs),
      };
      const row = document.createElement("tr");
      row.dataset.testid = "overlay-row";
      row.dataset.peerId = link.peerId;
      for (const field of FIELDS) {
        const cell = field === "peer" ? document.createElement("th") : document.createElement("td");
        if (field === "peer") cell.scope = "row";
        cell.dataset.field = field;
        cell.textContent = cells[field];
        row.append(cell);
      }
      const swatch = document.createElement("span");
      swatch.textContent = "● ";
      swatch.ariaHidden = "true";
      swatch.style.color = colour([...this.history.keys()].indexOf(link.peerId));
      row.firstElementChild?.prepend(swatch);
      return row;
    });
    push(this.bandwidth.out, links.length > 0 ? bytesOut / 1024 : NaN);
    push(this.bandwidth.in, links.length > 0 ? bytesIn / 1024 : NaN);
    this.elements.table.replaceChildren(...rows);
    this.drawCharts();
  }

  private drawCharts(): void {
    const peers = [...this.history.values()];
    drawChart(
      this.elements.rttChart,
      (top) => `RTT per peer, last ${HISTORY_SECONDS} s (top ${top.toFixed(0)} ms)`,
      peers.map((history, index) => ({ values: history.rtt, colour: colour(index) })),
      HISTORY_SECONDS,
      10,
    );
    drawChart(
      this.elements.bandwidthChart,
      (top) => `kB/s out (solid) and in (dashed), all peers (top ${top.toFixed(1)})`,
      [
        { values: this.bandwidth.out, colour: "#4fc3f7" },
        { values: this.bandwidth.in, colour: "#aed581", dashed: true },
      ],
      HISTORY_SECONDS,
      1,
    );
  }
}

function push(values: number[], value: number): void {
  values.push(value);
  if (values.length > HISTORY_SECONDS) values.shift();
}

const colour = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#fff";
const ms = (value: number | null | undefined): string =>
  value === null || value === undefined ? "–" : `${value.toFixed(1)} ms`;
const bytes = (count: number): string => (count < 1024 ? `${count} B` : `${(count / 1024).toFixed(1)} kB`);
