import type { GameNetworkManager, LinkInfo, Member } from "../net/index.js";

interface PeerHistory {
  lastStats: LinkInfo["stats"] | undefined;
  rtt: number[];
  /** State snapshots seen in the current second, and the sequence range they span (for loss). */
  states: number;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  loss: number | undefined;
}

const HISTORY_SECONDS = 60;

/**
 * The debug overlay: per peer the path, link state, RTT, jitter, loss, message and byte rates, interpolation delay
 * and clock offset, plus an RTT history chart. It reads only what the library exposes to every game.
 */
export class DebugOverlay {
  private readonly history = new Map<string, PeerHistory>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly table: HTMLTableSectionElement,
    private readonly chart: HTMLCanvasElement,
  ) {}

  /** Starts sampling the manager once a second; returns the function that stops it. */
  attach(net: GameNetworkManager, members: () => Member[]): () => void {
    const offState = net.on("state", ({ from, seq }) => {
      const history = this.historyOf(from);
      history.states++;
      history.firstSeq ??= seq;
      history.lastSeq = Math.max(history.lastSeq ?? seq, seq);
    });
    this.timer = setInterval(() => this.sample(net, members()), 1000);
    return () => {
      offState();
      clearInterval(this.timer);
      this.history.clear();
    };
  }

  toggle(): void {
    this.root.hidden = !this.root.hidden;
  }

  private historyOf(peerId: string): PeerHistory {
    let history = this.history.get(peerId);
    if (!history) {
      history = { lastStats: undefined, rtt: [], states: 0, firstSeq: undefined, lastSeq: undefined, loss: undefined };
      this.history.set(peerId, history);
    }
    return history;
  }

  private sample(net: GameNetworkManager, members: Member[]): void {
    const names = new Map(members.map((member) => [member.id, member.name]));
    const clock = net.getClockEstimate();
    const rows = net.getLinks().map((link) => {
      const history = this.historyOf(link.peerId);
      const previous = history.lastStats;
      history.lastStats = link.stats;
      history.rtt.push(link.rttMs ?? NaN);
      if (history.rtt.length > HISTORY_SECONDS) history.rtt.shift();
      if (history.firstSeq !== undefined && history.lastSeq !== undefined) {
        const expected = history.lastSeq - history.firstSeq + 1;
        history.loss = expected > 0 ? Math.max(0, 1 - history.states / expected) : undefined;
      }
      history.states = 0;
      history.firstSeq = undefined;
      history.lastSeq = undefined;
      const rate = (pick: (stats: LinkInfo["stats"]) => number): number =>
        previous ? pick(link.stats) - pick(previous) : 0;
      const remote = net.getRemoteStats(link.peerId);
      return [
        names.get(link.peerId) ?? link.peerId.slice(0, 8),
        pathLabel(link),
        link.state,
        ms(link.rttMs),
        ms(remote?.jitterMs),
        history.loss === undefined ? "–" : `${(history.loss * 100).toFixed(0)}%`,
        `${rate((s) => s.event.messagesOut + s.state.messagesOut)}/${rate((s) => s.event.messagesIn + s.state.messagesIn)}`,
        `${kb(rate((s) => s.event.bytesOut + s.state.bytesOut))}/${kb(rate((s) => s.event.bytesIn + s.state.bytesIn))}`,
        ms(remote?.delayMs),
        ms(clock?.offsetMs),
      ].map(String);
    });
    this.table.replaceChildren(
      ...rows.map((cells, index) => {
        const row = document.createElement("tr");
        row.dataset.testid = "overlay-row";
        row.dataset.peerId = net.getLinks()[index]?.peerId ?? "";
        for (const text of cells) row.insertCell().textContent = text;
        return row;
      }),
    );
    this.drawChart();
  }

  private drawChart(): void {
    const context = this.chart.getContext("2d");
    if (!context) return;
    const { width, height } = this.chart;
    context.clearRect(0, 0, width, height);
    const all = [...this.history.values()].flatMap((history) => history.rtt.filter(Number.isFinite));
    const top = Math.max(10, ...all) * 1.2;
    context.fillStyle = "#8a93b0";
    context.font = "10px system-ui, sans-serif";
    context.fillText(`RTT, last ${HISTORY_SECONDS} s (max ${top.toFixed(0)} ms)`, 4, 10);
    [...this.history.values()].forEach((history, index) => {
      context.strokeStyle =
        ["#4fc3f7", "#aed581", "#ffb74d", "#f06292", "#ba68c8", "#4db6ac", "#fff176"][index % 7] ?? "#fff";
      context.beginPath();
      history.rtt.forEach((value, i) => {
        if (!Number.isFinite(value)) return;
        const x = (i / (HISTORY_SECONDS - 1)) * width;
        const y = height - (value / top) * (height - 14);
        if (i === 0) context.moveTo(x, y);
        else context.lineTo(x, y);
      });
      context.stroke();
    });
  }
}

function pathLabel(link: LinkInfo): string {
  if (link.path === "webrtc") return "WebRTC direct";
  if (link.path === "relay") return "Socket.IO relay";
  return "none";
}

const ms = (value: number | null | undefined): string =>
  value === null || value === undefined ? "–" : `${value.toFixed(1)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB/s`;
