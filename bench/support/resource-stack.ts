/**
 * What a run has started (server, browser), closed in reverse order at the end whatever happened. Once closed, the
 * stack closes anything added late at once: a run that is still starting things when the deadline hits leaks nothing.
 */
export class ResourceStack {
  private readonly closers: { name: string; close: () => Promise<void> }[] = [];
  private isClosed = false;

  /** Registers `close` for `name`; throws (after closing it) when the stack has already been closed. */
  async add(name: string, close: () => Promise<void>): Promise<void> {
    if (!this.isClosed) {
      this.closers.push({ name, close });
      return;
    }
    await close();
    throw new Error(`${name} was started after the run had been stopped`);
  }

  /** Closes everything, each closer bounded by `timeoutMs`; returns what went wrong (closing never throws). */
  async closeAll(timeoutMs: number): Promise<string[]> {
    this.isClosed = true;
    const problems: string[] = [];
    for (const { name, close } of this.closers.splice(0).reverse()) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([close(), timeout]);
      } catch (error) {
        problems.push(`closing ${name}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearTimeout(timer);
      }
    }
    return problems;
  }
}
