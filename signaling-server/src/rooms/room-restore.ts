import { timingSafeEqual } from "node:crypto";
import { Limits, roomCodeOfMember, type MemberId, type RoomView } from "@rallypoint/protocol";
import { Room } from "./room.js";
import type { SeatTokens } from "./room-registry.js";

export interface RestoreRequest {
  code: string;
  capacity: number;
  /** The server's MAX_SPECTATORS: the restored room's spectator limit, and the most spectators its view may hold. */
  maxSpectators: number;
  /** The member asking, with its token and the room as it saw it. */
  memberId: MemberId;
  resumeToken: string;
  view: RoomView;
  /** The socket the asking member's seat is bound to. */
  connection: string;
  /** Now, and when the other members' held seats are released (the normal grace deadline). */
  now: number;
  until: number;
  /**
   * The last moment a room may be restored: this process's start plus the grace window. Anyone whose room was lost
   * by a restart dropped before this process started, so its seat is due back by then; later, an unknown room ended
   * for good (everyone left, or every seat expired), and a former member's token must not bring it back.
   */
  restoreUntil: number;
  tokens: SeatTokens;
}

export type RestoreResult =
  | { ok: true; room: Room; held: MemberId[] }
  | { ok: false; reason: "bad-token" | "bad-view" | "too-late"; detail: string };

/**
 * Puts back a room the server lost (it restarted with no Redis) from the view of the first member to come back.
 * Only a member whose signed token proves its seat (rooms/seat-signer.ts) may do it, and only with a view that could
 * be true: it is in it, every id belongs to this code, ids are unique, no more players than the capacity, valid
 * names. That member is seated; every other seat is held with the normal grace deadline, each to be taken back
 * with its own signed token. The original host keeps the role while held (Room.reservedHostId) until it comes
 * back, leaves, or the caller ends the restore window.
 */
export function restoreRoom(request: RestoreRequest): RestoreResult {
  const { code, memberId, view, tokens } = request;
  if (!tokensMatch(tokens(code, memberId), request.resumeToken)) {
    return { ok: false, reason: "bad-token", detail: "The resume token does not match" };
  }
  if (request.now > request.restoreUntil) {
    return { ok: false, reason: "too-late", detail: "The room no longer exists" };
  }
  const problem = viewProblem(request);
  if (problem) return { ok: false, reason: "bad-view", detail: `The room cannot be restored: ${problem}` };
  const [first, ...others] = view.members;
  if (!first) return { ok: false, reason: "bad-view", detail: "The room cannot be restored: no members" };
  const connectionOf = (id: MemberId) => (id === memberId ? request.connection : null);
  const { capacity, maxSpectators } = request;
  const room = new Room(code, capacity, first, tokens(code, first.id), connectionOf(first.id), { maxSpectators });
  for (const member of others) room.add(member, tokens(code, member.id), connectionOf(member.id));
  room.hostId = view.hostId;
  if (view.hostId !== memberId) room.reservedHostId = view.hostId;
  const held = view.members.map((member) => member.id).filter((id) => id !== memberId);
  for (const id of held) room.hold(id, request.now, request.until);
  return { ok: true, room, held };
}

function viewProblem({ code, capacity, maxSpectators, memberId, view }: RestoreRequest): string | undefined {
  const ids = view.members.map((member) => member.id);
  const spectators = view.members.filter((member) => member.spectator === true).length;
  if (ids.length - spectators > capacity) return `more than ${capacity} players`;
  if (spectators > maxSpectators) return `more than ${maxSpectators} spectators`;
  if (new Set(ids).size !== ids.length) return "a member is listed twice";
  if (!ids.includes(memberId)) return "the resuming member is not in it";
  if (!ids.includes(view.hostId)) return "the host is not a member";
  if (ids.some((id) => roomCodeOfMember(id) !== code)) return "a member id belongs to another room";
  const badName = view.members.find(({ name }) => name.trim() !== name || !name || name.length > Limits.maxNameLength);
  if (badName) return "a member name is invalid";
  return undefined;
}

function tokensMatch(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
