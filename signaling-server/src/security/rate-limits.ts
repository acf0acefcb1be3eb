import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { LimitsConfig } from "../config.js";
import type { RateLimitName } from "../observability/metrics.js";
import { MemoryRoomsByAddress, type RoomsByAddress } from "./rooms-by-address.js";

type LimiterOptions = NonNullable<ConstructorParameters<typeof RateLimiterMemory>[0]>;

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
 * room:list per socket: a title screen refreshing its list every few seconds, and a player paging through it, stay
 * well within; each request looks at up to 200 rooms (rooms/room-directory.ts), so a flood of them is bounded work.
 */
const ROOM_LISTS = { points: 20, durationSeconds: 10 };
/** room:quick-join per socket: each may try several rooms; a player retrying after `no-room-found` stays within. */
const QUICK_JOINS = { points: 5, durationSeconds: 10 };
/**
 * Lobby changes per socket (room and member properties, and the host's controls), each of which the whole room
 * hears: 6 a second on average, so a game setting properties a few times a second (a slider, a team pick, a ready
 * toggle) is never refused, while a spammed toggle reaches the room at most 60 times in 10 s.
 */
export const LOBBY_CHANGES = { points: 60, durationSeconds: 10 };

/**
 * What the limits shared by all processes keep in Redis: a client (node-redis, `@redis/client`) and the key prefix of
 * this deployment for the rate limiters, and the rooms each address created.
 */
export interface SharedLimitStore {
  client: unknown;
  keyPrefix: string;
  roomsByAddress: RoomsByAddress;
}

/**
 * Every rate limit of the server. Per-IP limits take the key from clientAddress() and, given a shared store (Redis),
 * count across every process, so a client cannot multiply its budget by reaching several; each falls back to
 * counting in memory while Redis is unreachable. Per-socket limits (invalid messages, link reports, room lists, quick
 * joins, lobby changes) stay in memory: a
 * socket lives on one process. Windows are fixed, so a client may spend up to twice a budget across a window boundary.
 * MAX_ROOMS_PER_IP counts in the shared store too. The relay's budget per socket is in relay-budget.ts:
 * synchronous, checked on every relayed message.
 */
export class RateLimits {
  private readonly roomCreates: RateLimiterAbstract;
  private readonly joinAttempts: RateLimiterAbstract;
  private readonly failedJoins: RateLimiterAbstract;
  private readonly invalidMessages: RateLimiterMemory;
  private readonly linkReports = new RateLimiterMemory({
    points: LINK_REPORTS.points,
    duration: LINK_REPORTS.durationSeconds,
  });
  private readonly roomLists = new RateLimiterMemory({
    points: ROOM_LISTS.points,
    duration: ROOM_LISTS.durationSeconds,
  });
  private readonly quickJoins = new RateLimiterMemory({
    points: QUICK_JOINS.points,
    duration: QUICK_JOINS.durationSeconds,
  });
  private readonly lobbyChanges = new RateLimiterMemory({
    points: LOBBY_CHANGES.points,
    duration: LOBBY_CHANGES.durationSeconds,
  });
  private readonly roomsByAddress: RoomsByAddress;

  constructor(
    private readonly limits: LimitsConfig,
    private readonly roomExists: (code: string) => Promise<boolean>,
    shared?: SharedLimitStore,
  ) {
    this.roomsByAddress = shared?.roomsByAddress ?? new MemoryRoomsByAddress();
    const perAddress = (name: string, options: LimiterOptions): RateLimiterAbstract =>
      shared
        ? new RateLimiterRedis({
            ...options,
            storeClient: shared.client,
            useRedisPackage: true,
            keyPrefix: `${shared.keyPrefix}limit:${name}`,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
    this.roomCreates = perAddress("room-create", { points: limits.roomCreatesPerMinute, duration: 60 });
    this.joinAttempts = perAddress("join", { points: limits.joinAttemptsPerMinute, duration: 60 });
    this.failedJoins = perAddress("failed-join", { points: limits.failedJoinsPerDay, duration: DAY_SECONDS });
    const { points, windowSeconds } = limits.invalidMessages;
    this.invalidMessages = new RateLimiterMemory({ points, duration: windowSeconds });
  }

  async roomCreate(address: string): Promise<LimitCheck> {
    if ((await this.liveRoomCount(address)) >= this.limits.maxRoomsPerIp) {
      return { ok: false, limit: "rooms-per-ip", retryAfterMs: 60_000 };
    }
    return consume(this.roomCreates, address, 1, "room-create");
  }

  roomCreated(address: string, code: string): Promise<void> {
    return this.roomsByAddress.add(address, code);
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

  async roomList(socketId: string): Promise<LimitCheck> {
    return consume(this.roomLists, socketId, 1, "room-list");
  }

  /**
   * A quick join is a join attempt of its address too, and, when it may create a room (`create`), a room creation:
   * it counts against those limits as well.
   */
  async quickJoin(socketId: string, address: string, mayCreate: boolean): Promise<LimitCheck> {
    const own = await consume(this.quickJoins, socketId, 1, "quick-join");
    if (!own.ok) return own;
    const join = await this.join(address);
    if (!join.ok || !mayCreate) return join;
    return this.roomCreate(address);
  }

  async lobbyChange(socketId: string): Promise<LimitCheck> {
    return consume(this.lobbyChanges, socketId, 1, "lobby-change");
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

  /** Counts the address's rooms that are still live, forgetting the ones that are gone. */
  private async liveRoomCount(address: string): Promise<number> {
    const codes = await this.roomsByAddress.codes(address);
    const isLive = await Promise.all(codes.map((code) => this.roomExists(code)));
    const gone = codes.filter((_, index) => !isLive[index]);
    await this.roomsByAddress.forget(address, gone);
    return codes.length - gone.length;
  }
}

async function consume(
  limiter: RateLimiterAbstract,
  key: string,
  points: number,
  limit: RateLimitName,
): Promise<LimitCheck> {
  try {
    await limiter.consume(key, points);
    return ALLOWED;
  } catch (rejection) {
    // The stores reject only with a RateLimiterRes (Redis falls back to memory); anything else is worth surfacing.
    if (rejection instanceof RateLimiterRes) return { ok: false, limit, retryAfterMs: rejection.msBeforeNext };
    throw rejection;
  }
}
