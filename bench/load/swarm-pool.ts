import { Worker } from "node:worker_threads";
import type { SwarmCommand, SwarmRequest, SwarmResponse, SwarmResults } from "./swarm-protocol.js";

type Result<C extends SwarmCommand> = SwarmResults[C["type"]];

/** The bot threads, each running bot-worker.ts; commands answer as promises. */
export class SwarmPool {
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on("message", (response: SwarmResponse) => {
        const waiting = this.pending.get(response.id);
        this.pending.delete(response.id);
        if (response.ok) waiting?.resolve(response.result);
        else waiting?.reject(new Error(`bot thread: ${response.error}`));
      });
      worker.on("error", (error) => this.failAll(error));
    }
  }

  static start(threads: number): SwarmPool {
    return new SwarmPool(
      Array.from({ length: threads }, () => startTsWorker(new URL("./bot-worker.ts", import.meta.url))),
    );
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends `command` to thread `index`. */
  ask<C extends SwarmCommand>(index: number, command: C): Promise<Result<C>> {
    const worker = this.workers[index];
    if (!worker) return Promise.reject(new Error(`No bot thread ${index}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (result) => resolve(result as Result<C>), reject });
      worker.postMessage({ id, command } satisfies SwarmRequest);
    });
  }

  /** Sends `command` (or the one `commandFor` makes for each thread) to every thread. */
  all<C extends SwarmCommand>(commandFor: C | ((index: number) => C)): Promise<Result<C>[]> {
    return Promise.all(
      this.workers.map((_, index) =>
        this.ask(index, typeof commandFor === "function" ? commandFor(index) : commandFor),
      ),
    );
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

/**
 * Node 20 does not hand tsx's loader to worker threads, so the thread registers it itself before importing its
 * TypeScript entry.
 */
function startTsWorker(entry: URL): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const source = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { eval: true });
}
