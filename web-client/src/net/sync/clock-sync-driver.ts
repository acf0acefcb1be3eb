import { Emitter } from "../emitter.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { ClockSync, type ClockEstimate, type ClockSyncOptions, type TimeSample } from "./clock-sync.js";

export interface ClockSyncDriverOptions {
  /** Samples taken one after another at start (the first at once), for a good estimate within a second. Default 5. */
  burstSize?: number;
  /** Pause after each burst sample before the next. Default 75 ms. */
  burstIntervalMs?: number;
  /** Pause between samples after the burst: keeps the estimate fresh and gives drift a baseline. Default 2000 ms. */
  refreshIntervalMs?: number;
  /** For the ClockSync the driver feeds. Default: ClockSync's defaults. */
  clock?: ClockSyncOptions;
}

export type ClockSyncDriverEvents = {
  /** After every sample, with the new estimate. */
  sample: ClockEstimate;
  /** A sample failed (no answer in time, connection lost); the driver carries on with the next one. */
  error: NetworkError;
};

/**
 * Feeds a ClockSync from a sampling function: a burst at start, then one sample every `refreshIntervalMs`.
 * Samples never overlap: each pause starts when the previous sample settles, so a slow server never gets a queue
 * of them. `sample` is usually `() => signaling.syncTime()`.
 * @example
 * const driver = new ClockSyncDriver(() => signaling.syncTime());
 * driver.start();
 * const serverNow = driver.clock.now(localNow());
 * driver.stop();
 */
export class ClockSyncDriver extends Emitter<ClockSyncDriverEvents> {
  readonly clock: ClockSync;
  private readonly burstSize: number;
  private readonly burstIntervalMs: number;
  private readonly refreshIntervalMs: number;
  /** Bumped by start() and stop(), so a sample that settles after stop() (or a restart) is ignored. */
  private run = 0;
  private running = false;
  private taken = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly sample: () => Promise<TimeSample>,
    options: ClockSyncDriverOptions = {},
  ) {
    super();
    this.clock = new ClockSync(options.clock);
    this.burstSize = options.burstSize ?? 5;
    this.burstIntervalMs = options.burstIntervalMs ?? 75;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 2000;
    if (!Number.isInteger(this.burstSize) || this.burstSize < 1) {
      throw new RangeError(`burstSize must be a positive integer, got ${this.burstSize}`);
    }
    if (!(this.burstIntervalMs >= 0)) {
      throw new RangeError(`burstIntervalMs must not be negative, got ${this.burstIntervalMs}`);
    }
    if (!(this.refreshIntervalMs > 0)) {
      throw new RangeError(`refreshIntervalMs must be positive, got ${this.refreshIntervalMs}`);
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Takes the first sample at once, then the rest of a burst. Does nothing while already running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.taken = 0;
    void this.takeSample(++this.run);
  }

  /** Stops sampling; a sample in flight is discarded. The clock keeps what it has, for start() to resume from. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.run++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async takeSample(run: number): Promise<void> {
    try {
      const { t0, serverTime, t3 } = await this.sample();
      if (run !== this.run) return;
      this.clock.addSample(t0, serverTime, t3);
      const estimate = this.clock.estimate();
      if (estimate) this.emit("sample", estimate);
    } catch (error) {
      if (run !== this.run) return;
      this.emit(
        "error",
        error instanceof NetworkError
          ? error
          : new NetworkError(ClientErrorCode.InvalidMessage, "A clock sync sample failed", { cause: error }),
      );
    }
    if (run !== this.run) return;
    this.taken++;
    const delay = this.taken < this.burstSize ? this.burstIntervalMs : this.refreshIntervalMs;
    this.timer = setTimeout(() => void this.takeSample(run), delay);
  }
}
