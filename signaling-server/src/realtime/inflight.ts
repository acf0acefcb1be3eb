import type { Logger } from "pino";

/**
 * Background work the handlers start and nobody awaits (a dropped socket's seat being held, a grace window ending):
 * close() waits for it, so no store write is cut off halfway and no Redis client closes under it.
 */
export class Inflight {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly log: Logger) {}

  /** Runs `work` in the background; a failure is logged as `doing` failed. */
  track(doing: string, work: Promise<unknown>): void {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => this.log.error({ err: error }, `failed ${doing}`),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Resolves once nothing tracked is running (including work that the tracked work started). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
