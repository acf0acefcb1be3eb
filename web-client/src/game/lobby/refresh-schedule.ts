/** How often a list refreshes by itself, and how close together two requests may ever be. */
export interface RefreshTiming {
  intervalMs: number;
  /** A Refresh button pressed repeatedly waits this long after the previous request (it protects the rate limit). */
  minGapMs: number;
}

/**
 * Runs `load` every `intervalMs` while active, never two at once and never closer than `minGapMs`: a list refreshed
 * while it is on screen, with a Refresh button that cannot be mashed into the server's rate limit. `load` handles
 * its own errors; the next one is scheduled when it settles.
 * @example
 * const schedule = new RefreshSchedule(() => panel.load(), { intervalMs: 5000, minGapMs: 1000 });
 * schedule.setActive(true); // on screen: loads now, then every 5 s
 */
export class RefreshSchedule {
  private isActive = false;
  private isLoading = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly load: () => Promise<void>,
    private readonly timing: RefreshTiming,
  ) {}

  /** Starts (loading as soon as the gap allows) or stops refreshing; a load under way still finishes. */
  setActive(isActive: boolean): void {
    if (isActive === this.isActive) return;
    this.isActive = isActive;
    this.clearTimer();
    // A load under way schedules the next one as it settles.
    if (isActive && !this.isLoading) this.scheduleIn(0);
  }

  /** Loads again as soon as the gap allows (a Refresh button); a load under way already is fresh enough. */
  refreshNow(): void {
    if (!this.isActive || this.isLoading) return;
    this.clearTimer();
    this.scheduleIn(0);
  }

  private scheduleIn(delayMs: number): void {
    const wait = Math.max(delayMs, this.lastStart + this.timing.minGapMs - Date.now());
    this.timer = setTimeout(() => void this.run(), wait);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.isLoading = true;
    this.lastStart = Date.now();
    try {
      await this.load();
    } finally {
      this.isLoading = false;
      if (this.isActive) this.scheduleIn(this.timing.intervalMs);
    }
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
