import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { LimitsConfig } from "../config.js";
import type { RateLimitName } from "../http/metrics.js";

/** Allowed, or refused with the limit that refused it and when to try again. */
export type LimitCheck = { ok: true } | { ok: false; limit: RateLimitName; retryAfterMs: number };

const ALLOWED: LimitCheck = { ok: true };
const DAY_SECONDS = 24 * 60 * 60;
/**
 * links:report per socket. The library reports every 5 s and about a second after its links change, so about one a
 * second at worst; twice that leaves room for the fixed window's edges.
 */
const LINK_REPORTS = { points: 20, durationSeconds: 10 };

/**
 * Every rate limit of the server, in memory (one process; a shared store would replace RateLimiterMemory).
 * Per-IP limits take the key from clientAddress(); per-socket limits the socket id. Windows are fixed, so a
 * client may spend up to twice a budget across a window boundary; the README's arithmetic allows for that.
 */
export class RateLimits {
  private readonly roomCreates: RateLimiterMemory;
  private readonly joinAttempts: RateLimiterMemory;
  private readonly failedJoins: RateLimiterMemory;
  private readonly relayMessages: RateLimiterMemory;
  private readonly relayBytes: RateLimiterMemory;
  private readonly invalidMessages: RateLimiterMemory;
  private readonly linkReports = new RateLimiterMemory({
    points: LINK_REPORTS.points,
    duration: LINK_REPORTS.durationSeconds,
  });
  /** Codes of the live rooms each address created; pruned lazily, so no hook into room deletion is needed. */
  private readonly roomsByAddress = new Map<string, Set<string>>();

  constructor(
    private readonly limits: LimitsConfig,
    private readonly roomExists: (code: string) => boolean,
  ) {
    this.roomCreates = new RateLimiterMemory({ points: limits.roomCreatesPerMinute, duration: 60 });
    this.joinAttempts = new RateLimiterMemory({ points: limits.joinAttemptsPerMinute, duration: 60 });
    this.failedJoins = new RateLimiterMemory({ points: limits.failedJoinsPerDay, duration: DAY_SECONDS });
    const window = limits.relayWindowSeconds;
    this.relayMessages = new RateLimiterMemory({ points: limits.relayMessagesPerSecond * window, duration: window });
    this.relayBytes = new RateLimiterMemory({ points: limits.relayBytesPerSecond * window, duration: window });
    const { points, windowSeconds } = limits.invalidMessages;
    this.invalidMessages = new RateLimiterMemory({ points, duration: windowSeconds });
  }

  async roomCreate(address: string): Promise<LimitCheck> {
    if (this.liveRooms(address).size >= this.limits.maxRoomsPerIp) {
      return { ok: false, limit: "rooms-per-ip", retryAfterMs: 60_000 };
    }
    return consume(this.roomCreates, address, 1, "room-create");
  }

  roomCreated(address: string, code: string): void {
    const rooms = this.liveRooms(address);
    rooms.add(code);
    this.roomsByAddress.set(address, rooms);
  }

  /** Refuses while the address is over its join attempts, or has used up its failed joins for the day. */
  async join(address: string): Promise<LimitCheck> {
    const failed = await this.failedJoins.get(address);
    if (failed && failed.consumedPoints >= this.limits.failedJoinsPerDay) {
      return { ok: false, limit: "failed-join", retryAfterMs: failed.msBeforeNext };
    }
    return consume(this.joinAttempts, address, 1, "join");
  }

  /** A join that named no live room: the guess that the failed-joins budget exists to make expensive. */
  async joinFailed(address: string): Promise<void> {
    await this.failedJoins.penalty(address, 1);
  }

  async relay(socketId: string, bytes: number): Promise<LimitCheck> {
    const messages = await consume(this.relayMessages, socketId, 1, "relay-messages");
    if (!messages.ok) return messages;
    return consume(
      this.relayBytes,
      socketId,
      Math.max(1, Math.min(bytes, this.limits.relayBytesPerSecond * this.limits.relayWindowSeconds)),
      "relay-bytes",
    );
  }

  async linkReport(socketId: string): Promise<LimitCheck> {
    return consume(this.linkReports, socketId, 1, "link-report");
  }

  /** Counts one invalid message; false once the socket is over its allowance and should be dropped. */
  async invalidMessage(socketId: string): Promise<boolean> {
    try {
      await this.invalidMessages.consume(socketId);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }

  private liveRooms(address: string): Set<string> {
    const rooms = this.roomsByAddress.get(address);
    if (!rooms) return new Set();
    for (const code of rooms) if (!this.roomExists(code)) rooms.delete(code);
    if (rooms.size === 0) this.roomsByAddress.delete(address);
    return rooms;
  }
}

async function consume(
  limiter: RateLimiterMemory,
  key: string,
  points: number,
  limit: RateLimitName,
): Promise<LimitCheck> {
  try {
    await limiter.consume(key, points);
    return ALLOWED;
  } catch (rejection) {
    // The memory store rejects only with a RateLimiterRes; anything else is a bug worth surfacing.
    if (rejection instanceof RateLimiterRes) return { ok: false, limit, retryAfterMs: rejection.msBeforeNext };
    throw rejection;
  }
}
