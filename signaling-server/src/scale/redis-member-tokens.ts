import { randomBytes, timingSafeEqual } from "node:crypto";
import type { MemberId } from "@rallypoint/protocol";
import type { MemberTokenStore } from "../rooms/member-token-store.js";
import type { RedisClient } from "./redis-clients.js";
import type { RedisKeys } from "./redis-keys.js";

/** The member's token if it has one, else the new one given (and its reverse entry). KEYS: by member, by token. */
const ENSURE = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
return ARGV[1]
`;

/** Deletes the member's token and its reverse entry; 1 if it had one. KEYS: by member. ARGV: by-token prefix. */
const REVOKE = `
local token = redis.call('GET', KEYS[1])
if not token then return 0 end
redis.call('DEL', KEYS[1], ARGV[1] .. token)
return 1
`;

const newToken = (): string => randomBytes(16).toString("base64url");

/**
 * PeerJS tokens (see rooms/member-tokens.ts) in Redis, since a member's PeerJS socket and `GET /api/ice` may reach
 * any process. A revocation is published, and every process drops that member's PeerJS socket if it holds it.
 */
export class RedisMemberTokens implements MemberTokenStore {
  private readonly listeners = new Set<(memberId: MemberId) => void>();

  constructor(
    private readonly redis: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Starts hearing revocations from every process (this one's included). */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.keys.revokedChannel, (memberId) => {
      for (const listener of this.listeners) listener(memberId);
    });
  }

  async ensure(memberId: MemberId): Promise<string> {
    const token = newToken();
    const reply = await this.redis.eval(ENSURE, {
      keys: [this.keys.tokenOfMember(memberId), this.keys.memberOfToken(token)],
      arguments: [token, memberId],
    });
    if (typeof reply !== "string") throw new Error("Unexpected reply issuing a PeerJS token");
    return reply;
  }

  async verify(memberId: string, token: string): Promise<boolean> {
    const expected = await this.redis.get(this.keys.tokenOfMember(memberId));
    if (expected === null) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async memberOf(token: string): Promise<MemberId | undefined> {
    return (await this.redis.get(this.keys.memberOfToken(token))) ?? undefined;
  }

  async revoke(memberId: MemberId): Promise<void> {
    const reply = await this.redis.eval(REVOKE, {
      keys: [this.keys.tokenOfMember(memberId)],
      arguments: [this.keys.memberOfToken("")],
    });
    if (reply === 1) await this.redis.publish(this.keys.revokedChannel, memberId);
  }

  onRevoked(listener: (memberId: MemberId) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
