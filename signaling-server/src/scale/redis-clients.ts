import { createClient } from "@redis/client";
import type { Logger } from "pino";

export type RedisClient = ReturnType<typeof createClient>;

/**
 * The Redis connections one server process keeps: commands (room store, tokens, rate limits, liveness), one
 * subscriber for our own channels (PeerJS bridge, token revocations), and the Socket.IO adapter's pair. A
 * subscribed connection can send no other command, hence the separate ones.
 */
export class RedisClients {
  readonly command: RedisClient;
  readonly subscriber: RedisClient;
  readonly adapterPub: RedisClient;
  readonly adapterSub: RedisClient;
  private readonly connected: Promise<unknown>;

  constructor(url: string, log: Logger) {
    // A lost connection is retried for ever (node-redis's default backoff); /readyz reports it meanwhile.
    this.command = createClient({ url });
    this.subscriber = this.command.duplicate();
    this.adapterPub = this.command.duplicate();
    this.adapterSub = this.command.duplicate();
    const all = this.all();
    for (const client of all) {
      client.on("error", (error: unknown) => log.warn({ err: error }, "redis connection error"));
    }
    // Connecting starts at once; commands sent meanwhile wait in node-redis's queue.
    this.connected = Promise.all(all.map((client) => client.connect()));
    this.connected.catch(() => undefined);
  }

  /** Resolves once every connection is up; rejects after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis not reachable within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([this.connected, timeout]).finally(() => clearTimeout(timer));
  }

  /** PING on the command connection, bounded by `timeoutMs`: what /readyz asks. */
  async ping(timeoutMs: number): Promise<void> {
    if (!this.command.isReady) throw new Error("not connected to Redis");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
    });
    const pong = this.command.ping();
    // Settled later than the timeout, it must not reject unhandled.
    pong.catch(() => undefined);
    await Promise.race([pong, timeout]).finally(() => clearTimeout(timer));
  }

  get isReady(): boolean {
    return this.command.isReady;
  }

  /**
   * Closes every connection: gracefully (pending commands finish) when connected, at once when not, or when the
   * graceful close takes longer than `graceMs` (Redis went away meanwhile).
   */
  async close(graceMs = 1_000): Promise<void> {
    await Promise.allSettled(
      this.all().map(async (client) => {
        if (client.isReady) await settleWithin(client.close(), graceMs);
        if (client.isOpen) client.destroy();
      }),
    );
  }

  private all(): RedisClient[] {
    return [this.command, this.subscriber, this.adapterPub, this.adapterSub];
  }
}

/** Waits for `promise` at most `ms`; either way resolves (a rejection included). */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}
