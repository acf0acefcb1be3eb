import { randomBytes, timingSafeEqual } from "node:crypto";
import { generateRoomCode, ResumeFailedReason, type Member, type MemberId } from "@rallypoint/shared";
import { Room } from "./room.js";

export type JoinResult = { ok: true; room: Room } | { ok: false; reason: "room-not-found" | "room-full" };

export interface LeaveResult {
  room: Room;
  /** The new host, when the leaving member was the host and someone remains. */
  newHostId: MemberId | null;
  /** The room was left empty and is gone. */
  deleted: boolean;
}

export interface HoldResult {
  room: Room;
  /** The new host, when the member whose socket dropped was the host and someone else is connected. */
  newHostId: MemberId | null;
}

export type ResumeResult =
  { ok: true; room: Room; newHostId: MemberId | null; wasHeld: boolean } | { ok: false; reason: ResumeFailedReason };

/** 24 random bytes: a resume token cannot be guessed within any grace window. */
const newResumeToken = (): string => randomBytes(24).toString("base64url");

/**
 * All rooms of this process, by code. Pure state: no sockets, no timers. Holding a seat and releasing it when its
 * grace window ends are separate calls, so whoever owns the clock (the realtime layer) decides when.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly capacity: number,
    private readonly newCode: () => string = generateRoomCode,
    private readonly newToken: () => string = newResumeToken,
  ) {}

  get roomCount(): number {
    return this.rooms.size;
  }

  /** Seats in every room: `connected` ones, and `held` ones waiting for their member to resume. Walks every room. */
  seatCounts(): { connected: number; held: number } {
    let connected = 0;
    let held = 0;
    for (const room of this.rooms.values()) {
      for (const member of room.members) {
        if (room.isHeld(member.id)) held++;
        else connected++;
      }
    }
    return { connected, held };
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  create(creator: Member): Room {
    let code = this.newCode();
    // Collisions are rare (8.9e8 codes) but possible; a live code is never handed out twice.
    while (this.rooms.has(code)) code = this.newCode();
    const room = new Room(code, this.capacity, creator, this.newToken());
    this.rooms.set(code, room);
    return room;
  }

  join(code: string, member: Member): JoinResult {
    const room = this.rooms.get(code);
    if (!room) return { ok: false, reason: "room-not-found" };
    if (room.isFull) return { ok: false, reason: "room-full" };
    room.add(member, this.newToken());
    return { ok: true, room };
  }

  leave(code: string, memberId: MemberId): LeaveResult | null {
    const room = this.rooms.get(code);
    if (!room) return null;
    const { removed, hostChanged } = room.remove(memberId);
    if (!removed) return null;
    const deleted = room.members.length === 0;
    if (deleted) this.rooms.delete(code);
    return { room, newHostId: hostChanged ? room.hostId : null, deleted };
  }

  /** Keeps a member's seat after its socket dropped; the host role moves to a connected member at once. */
  hold(code: string, memberId: MemberId, now: number): HoldResult | null {
    const room = this.rooms.get(code);
    if (!room?.has(memberId)) return null;
    const hostChanged = room.hold(memberId, now);
    return { room, newHostId: hostChanged ? room.hostId : null };
  }

  /**
   * Gives a seat back to the holder of its token: a held seat, or one whose old socket the server has not yet seen
   * drop (the client noticed first). Compares tokens in constant time.
   */
  resume(code: string, memberId: MemberId, resumeToken: string): ResumeResult {
    const room = this.rooms.get(code);
    if (!room) return { ok: false, reason: ResumeFailedReason.Unknown };
    const expected = room.resumeTokenOf(memberId);
    if (expected === undefined) return { ok: false, reason: ResumeFailedReason.Expired };
    if (!tokensMatch(expected, resumeToken)) return { ok: false, reason: ResumeFailedReason.BadToken };
    const wasHeld = room.isHeld(memberId);
    const hostChanged = room.unhold(memberId);
    return { ok: true, room, newHostId: hostChanged ? room.hostId : null, wasHeld };
  }

  /** Ends a held seat whose grace window is over; null when it is not held (it resumed, or left meanwhile). */
  release(code: string, memberId: MemberId): LeaveResult | null {
    if (!this.rooms.get(code)?.isHeld(memberId)) return null;
    return this.leave(code, memberId);
  }
}

function tokensMatch(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
