import type { RoomsByAddress } from "../security/rooms-by-address.js";
import type { RedisClient } from "./redis-clients.js";
import type { RedisKeys } from "./redis-keys.js";

/**
 * How long an address's set outlives its last room creation. Codes of closed rooms are pruned when counted; this
 * only bounds what an address that never comes back leaves in Redis. A room older than this no longer counts.
 */
const ENTRY_TTL_SECONDS = 24 * 60 * 60;

/** Rooms per address counted across every process sharing the Redis: a client cannot multiply MAX_ROOMS_PER_IP. */
export class RedisRoomsByAddress implements RoomsByAddress {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async add(address: string, code: string): Promise<void> {
    const key = this.keys.roomsCreatedBy(address);
    await this.redis.multi().sAdd(key, code).expire(key, ENTRY_TTL_SECONDS).exec();
  }

  codes(address: string): Promise<string[]> {
    return this.redis.sMembers(this.keys.roomsCreatedBy(address));
  }

  async forget(address: string, codes: readonly string[]): Promise<void> {
    if (codes.length > 0) await this.redis.sRem(this.keys.roomsCreatedBy(address), [...codes]);
  }
}
