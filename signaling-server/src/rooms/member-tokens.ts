import { randomBytes, timingSafeEqual } from "node:crypto";
import type { MemberId } from "@rallypoint/protocol";

/** 128 random bits, base64url: unguessable, and safe in a URL query (PeerJS puts its token there). */
const newToken = (): string => randomBytes(16).toString("base64url");

/**
 * The secret each current member holds besides its id: it proves to the PeerJS server (and to `GET /api/ice`)
 * that whoever presents a member id really is that member. Issued when a member enters a room, revoked when it
 * leaves, so a token is valid exactly as long as its member is.
 */
export class MemberTokens {
  private readonly byMember = new Map<MemberId, string>();
  private readonly byToken = new Map<string, MemberId>();
  private readonly revokedListeners = new Set<(memberId: MemberId) => void>();

  /** Gives the member a fresh token (replacing any it had) and returns it. */
  issue(memberId: MemberId): string {
    this.forget(memberId);
    const token = newToken();
    this.byMember.set(memberId, token);
    this.byToken.set(token, memberId);
    return token;
  }

  /** The member's current token, if it has one. */
  tokenOf(memberId: MemberId): string | undefined {
    return this.byMember.get(memberId);
  }

  /** Whether `token` is the one `memberId` currently holds. Compared in constant time. */
  verify(memberId: string, token: string): boolean {
    const expected = this.byMember.get(memberId);
    if (expected === undefined) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The member holding `token`, if any. */
  memberOf(token: string): MemberId | undefined {
    return this.byToken.get(token);
  }

  /** Invalidates the member's token and tells the listeners (the PeerJS server drops that member's socket). */
  revoke(memberId: MemberId): void {
    if (!this.forget(memberId)) return;
    for (const listener of this.revokedListeners) listener(memberId);
  }

  /** Subscribes to revocations; returns the function that unsubscribes. */
  onRevoked(listener: (memberId: MemberId) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  private forget(memberId: MemberId): boolean {
    const token = this.byMember.get(memberId);
    if (token === undefined) return false;
    this.byMember.delete(memberId);
    this.byToken.delete(token);
    return true;
  }
}
