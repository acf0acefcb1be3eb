import { now } from "./pinger.js";
import { ownCpuMs, processCpuMs } from "./process-usage.js";
import type { LoadPlan, Progress } from "./swarm-protocol.js";
import type { SwarmPool } from "./swarm-pool.js";

/** Without a terminal to rewrite a line in (CI, a pipe), one line every this many seconds instead. */
const PIPED_EVERY_S = 5;

interface Sample {
  at: number;
  progress: Progress;
  serverCpuMs: number;
  generatorCpuMs: number;
}

/**
 * The load phase's one line on stderr, rewritten every second: where the run is, and in the last second the
 * messages the bots sent and received, the server's and the bots' CPU, and how many bots the server dropped.
 */
export class ProgressLine {
  private last: Sample | undefined;
  private readonly isTty = process.stderr.isTTY;
  private lines = 0;

  constructor(
    private readonly title: string,
    private readonly pool: SwarmPool,
    private readonly serverPid: number,
    private readonly startsAt: number,
    private readonly plan: LoadPlan,
  ) {}

  /** Updates the line every second until `until` (epoch ms on the bots' clock). */
  async runUntil(until: number): Promise<void> {
    for (let at = now(); at < until; at = now()) {
      await sleep(Math.min(1000 - ((at - this.startsAt) % 1000), until - at));
      await this.update();
    }
  }

  /** After the bots stopped: waits until nothing has arrived for `quietMs`, or `limitMs` passed. */
  async drain(quietMs: number, limitMs: number): Promise<void> {
    const [started, quietSince] = [now(), { at: now(), received: -1 }];
    while (now() - started < limitMs) {
      await sleep(250);
      const received = (await this.sample()).progress.received;
      if (received !== quietSince.received) Object.assign(quietSince, { at: now(), received });
      else if (now() - quietSince.at >= quietMs) break;
    }
    await this.update(`drained in ${((now() - started) / 1000).toFixed(1)} s`);
  }

  end(): void {
    if (this.isTty) process.stderr.write("\n");
  }

  private async update(phase?: string): Promise<void> {
    const previous = this.last;
    const current = await this.sample();
    this.last = current;
    if (!previous) return;
    const seconds = (current.at - previous.at) / 1000;
    const rate = (key: keyof Progress): string => kilo((current.progress[key] - previous.progress[key]) / seconds);
    const percent = (cpuMs: number, before: number): string =>
      `${(((cpuMs - before) / 1000 / seconds) * 100).toFixed(0)}%`;
    const elapsed = Math.round((current.at - this.startsAt) / 1000);
    const warmup = Math.round((this.plan.measureFrom - this.startsAt) / 1000);
    const measured = Math.round((this.plan.measureUntil - this.plan.measureFrom) / 1000);
    const where =
      phase ?? (elapsed <= warmup ? `warm-up ${elapsed}/${warmup} s` : `load ${elapsed - warmup}/${measured} s`);
    const line =
      `${this.title}: ${where}  sent ${rate("sent")}/s  received ${rate("received")}/s  ` +
      `server CPU ${percent(current.serverCpuMs, previous.serverCpuMs)}  ` +
      `bots CPU ${percent(current.generatorCpuMs, previous.generatorCpuMs)}  ` +
      `bots dropped ${current.progress.dropped}`;
    this.lines++;
    if (this.isTty) process.stderr.write(`\r\x1b[2K${line}`);
    else if (phase !== undefined || this.lines % PIPED_EVERY_S === 0) process.stderr.write(`${line}\n`);
  }

  private async sample(): Promise<Sample> {
    const progress = (await this.pool.all({ type: "progress" })).reduce(
      (sum, part) => ({
        sent: sum.sent + part.sent,
        received: sum.received + part.received,
        dropped: sum.dropped + part.dropped,
      }),
      { sent: 0, received: 0, dropped: 0 },
    );
    return { at: now(), progress, serverCpuMs: processCpuMs(this.serverPid), generatorCpuMs: ownCpuMs() };
  }
}

function kilo(value: number): string {
  return value >= 10_000
    ? `${(value / 1000).toFixed(0)}k`
    : value >= 1000
      ? `${(value / 1000).toFixed(1)}k`
      : value.toFixed(0);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
