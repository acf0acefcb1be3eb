import { timingSafeEqual } from "node:crypto";
import { ResumeFailedReason, type Member, type MemberId } from "@rallypoint/protocol";
import { isBanned } from "./kick-bans.js";
import type { Room } from "./room.js";

/**
 * The rules of taking, holding, giving back and freeing seats, on one room. Both room stores apply these same
 * functions: the in-memory one to the room in its map, the Redis one to a copy it then writes back atomically.
 * Each either changes the room and says how, or leaves it untouched.
 */

export type JoinResult =
  | { ok: true; room: Room; newHostId: MemberId | null }
  | { ok: false; reason: "room-not-found" | "room-full" | "spectators-full" | "room-locked" | "kicked" };

/** Who asks to join: from which address, as which user if the server knows (a kick bans them a while), and when. */
export interface Admission {
  address?: string;
  userId?: string | undefined;
  now: number;
  /** The server's MAX_SPECTATORS: a room takes no more, whatever its own limit; none when absent. */
  maxSpectators?: number;
}

export interface LeaveResult {
  room: Room;
  /** The new host, when the leaving member was the host and someone remains. */
  newHostId: MemberId | null;
  /** The room was left empty and is gone. */
  deleted: boolean;
  /** A released seat's page had said it was going away (Room.holdForReturn): its member left rather than timed out. */
  wasLeaving?: boolean;
}

export interface HoldResult {
  room: Room;
  /** The new host, when the member whose socket dropped was the host and someone else is connected. */
  newHostId: MemberId | null;
  /** The seat was held already (its socket had dropped before): the room has been told. */
  wasHeld: boolean;
}

export type ResumeResult =
  { ok: true; room: Room; newHostId: MemberId | null; wasHeld: boolean } | { ok: false; reason: ResumeFailedReason };

export interface HoldOptions {
  /** When the grace window ends; release() with the same value frees the seat. */
  until?: number;
  /** Hold only if the seat is bound to this socket (a socket that was replaced drops without effect). */
  connection?: string;
  /** The sockets of this process, which is shutting down (see Room.hold). */
  shuttingDown?: ReadonlySet<string>;
  /**
   * The member's page is going away but may reload (the leave beacon), proven by the seat's resume token: the seat
   * is held until `until` at the latest, and its release will be a leave (Room.holdForReturn). With `connection`,
   * a connected seat only while bound to that socket (the page's own).
   */
  leavingWithToken?: string;
}

export function joinRoom(
  room: Room | undefined,
  member: Member,
  token: string,
  connection?: string,
  admission?: Admission,
): JoinResult {
  if (!room) return { ok: false, reason: "room-not-found" };
  const origin = { address: admission?.address, userId: admission?.userId };
  if (isBanned(room.bans, origin, admission?.now ?? 0)) return { ok: false, reason: "kicked" };
  if (room.locked) return { ok: false, reason: "room-locked" };
  if (member.spectator) {
    const limit = Math.min(room.maxSpectators, admission?.maxSpectators ?? 0);
    if (room.spectatorCount >= limit) return { ok: false, reason: "spectators-full" };
  } else if (room.isFull) return { ok: false, reason: "room-full" };
  room.add(member, token, connection ?? null, origin);
  // A player joining a room that only spectators kept takes the host role from its caretaker.
  return { ok: true, room, newHostId: room.electHost() ? room.hostId : null };
}

/**
 * Frees a member's seat; given `connection`, only while the seat is bound to that socket; given `resumeToken`, only
 * for the holder of the seat's token (a leave that comes without a socket, as a page's beacon does).
 */
export function leaveRoom(
  room: Room | undefined,
  memberId: MemberId,
  connection?: string,
  resumeToken?: string,
): LeaveResult | null {
  if (!room) return null;
  if (connection !== undefined && room.connectionOf(memberId) !== connection) return null;
  if (resumeToken !== undefined && !tokensMatch(room.resumeTokenOf(memberId) ?? "", resumeToken)) return null;
  const { removed, hostChanged } = room.remove(memberId);
  if (!removed) return null;
  return { room, newHostId: hostChanged ? room.hostId : null, deleted: room.members.length === 0 };
}

/** Keeps a member's seat after its socket dropped; the host role moves to a connected member at once. */
export function holdSeat(
  room: Room | undefined,
  memberId: MemberId,
  now: number,
  { until, connection, shuttingDown, leavingWithToken }: HoldOptions = {},
): HoldResult | null {
  if (!room?.has(memberId)) return null;
  const wasHeld = room.isHeld(memberId);
  if (leavingWithToken !== undefined) {
    if (!tokensMatch(room.resumeTokenOf(memberId) ?? "", leavingWithToken)) return null;
    // A beacon slower than its page's reload: the seat is bound to the new page's socket, so leave it be.
    if (!wasHeld && connection !== undefined && room.connectionOf(memberId) !== connection) return null;
    const hostChanged = room.holdForReturn(memberId, now, until ?? now);
    return { room, newHostId: hostChanged ? room.hostId : null, wasHeld };
  }
  if (connection !== undefined && room.connectionOf(memberId) !== connection) return null;
  const hostChanged = room.hold(memberId, now, until ?? null, shuttingDown);
  return { room, newHostId: hostChanged ? room.hostId : null, wasHeld };
}

/**
 * Gives a seat back to the holder of its token: a held seat, or one whose old socket the server has not yet seen
 * drop (the client noticed first). Compares tokens in constant time.
 */
export function resumeSeat(
  room: Room | undefined,
  memberId: MemberId,
  resumeToken: string,
  connection?: string,
): ResumeResult {
  if (!room) return { ok: false, reason: ResumeFailedReason.Unknown };
  const expected = room.resumeTokenOf(memberId);
  if (expected === undefined) return { ok: false, reason: ResumeFailedReason.Expired };
  if (!tokensMatch(expected, resumeToken)) return { ok: false, reason: ResumeFailedReason.BadToken };
  const wasHeld = room.isHeld(memberId);
  const hostChanged = room.unhold(memberId, connection ?? null);
  return { ok: true, room, newHostId: hostChanged ? room.hostId : null, wasHeld };
}

/**
 * Ends a held seat whose grace window is over; null when it is not held (it resumed, or left meanwhile), or, given
 * `until`, when it is held for another window (it resumed and dropped again since that deadline was set).
 */
export function releaseSeat(room: Room | undefined, memberId: MemberId, until?: number): LeaveResult | null {
  if (!room?.isHeld(memberId)) return null;
  if (until !== undefined && room.heldUntil(memberId) !== until) return null;
  const wasLeaving = room.isLeaving(memberId);
  const result = leaveRoom(room, memberId);
  return result && { ...result, wasLeaving };
}

/** Ends a restored room's host reservation (rooms/room-restore.ts); the new host when the role moved. */
export function endHostReservation(room: Room | undefined): MemberId | null {
  if (!room) return null;
  return room.endHostReservation() ? room.hostId : null;
}

function tokensMatch(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
