import type { MemberId } from "@rallypoint/protocol";
import { MemberTokens } from "./member-tokens.js";

/**
 * Where the members' PeerJS tokens live: in this process, or in Redis (scale/redis-member-tokens.ts), since a
 * member's PeerJS socket and its `GET /api/ice` may reach any process. See MemberTokens for what a token is.
 */
export interface MemberTokenStore {
  /** The member's current token, issuing one if it has none (a resumed member keeps its token). */
  ensure(memberId: MemberId): Promise<string>;
  /** Whether `token` is the one `memberId` currently holds. Compared in constant time. */
  verify(memberId: string, token: string): Promise<boolean>;
  /** The member holding `token`, if any. */
  memberOf(token: string): Promise<MemberId | undefined>;
  /** Invalidates the member's token; every process's listeners hear of it (they drop its PeerJS socket). */
  revoke(memberId: MemberId): Promise<void>;
  /** Subscribes to revocations; returns the function that unsubscribes. */
  onRevoked(listener: (memberId: MemberId) => void): () => void;
}

/** The tokens of one process: MemberTokens behind the store interface. */
export class MemoryMemberTokenStore implements MemberTokenStore {
  private readonly tokens = new MemberTokens();

  ensure(memberId: MemberId): Promise<string> {
    return Promise.resolve(this.tokens.tokenOf(memberId) ?? this.tokens.issue(memberId));
  }

  verify(memberId: string, token: string): Promise<boolean> {
    return Promise.resolve(this.tokens.verify(memberId, token));
  }

  memberOf(token: string): Promise<MemberId | undefined> {
    return Promise.resolve(this.tokens.memberOf(token));
  }

  revoke(memberId: MemberId): Promise<void> {
    this.tokens.revoke(memberId);
    return Promise.resolve();
  }

  onRevoked(listener: (memberId: MemberId) => void): () => void {
    return this.tokens.onRevoked(listener);
  }
}
