import type { SeatOrigin } from "./room-types.js";

/**
 * Whom a host's kick keeps out of its room for KICK_BAN_MS. The server can tell a known user (its `authenticate`
 * hook yielded a user id) from every other; anonymous clients it can only tell apart by their address, which a
 * household behind one NAT shares. So a kick bans the member's user id when known, and its address too: a joiner who
 * is a known user is checked against its own id alone (the kicked player's housemates, signed in, still get in),
 * while an anonymous joiner is checked against the address (the kicked player cannot come back by signing out, and
 * the anonymous others of its household are kept out with it: nothing else tells them apart). Resuming is no way
 * back either: the kicked seat, its resume token and its PeerJS token are gone with it.
 */

/** A ban entry: an address as it is (as rooms written before user bans have them), a user id under a prefix. */
const userKey = (userId: string): string => `user:${userId}`;

/** The entries a kick of a member from `origin` adds. */
export function banKeysOf({ address, userId }: SeatOrigin): string[] {
  return [...(userId === undefined ? [] : [userKey(userId)]), ...(address === undefined ? [] : [address])];
}

/** Whether a join from `origin` is still banned at `now`: a known user by its id alone, anyone else by address. */
export function isBanned(bans: Record<string, number>, { address, userId }: SeatOrigin, now: number): boolean {
  const key = userId === undefined ? address : userKey(userId);
  return key !== undefined && (bans[key] ?? 0) > now;
}
