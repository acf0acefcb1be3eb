import { randomBytes } from "node:crypto";
import { generateRoomCode, type Member, type MemberId } from "@rallypoint/protocol";
import type { LobbyOutcome, LobbyRule } from "./lobby-rules.js";
import { Room } from "./room.js";
import type { NewRoomOptions } from "./room-types.js";
import { directoryEntry, type DirectorySlot } from "./room-directory.js";
import {
  endHostReservation,
  holdSeat,
  joinRoom,
  leaveRoom,
  releaseSeat,
  resumeSeat,
  type Admission,
  type HoldOptions,
  type HoldResult,
  type JoinResult,
  type LeaveResult,
  type ResumeResult,
} from "./seat-rules.js";

export type { Admission, HoldOptions, HoldResult, JoinResult, LeaveResult, ResumeResult } from "./seat-rules.js";

/** 24 random bytes: a resume token cannot be guessed within any grace window. */
export const newResumeToken = (): string => randomBytes(24).toString("base64url");

/** Makes the resume token of a new seat: random, or signed (rooms/seat-signer.ts) so a restart can check it. */
export type SeatTokens = (code: string, memberId: MemberId) => string;

/**
 * All rooms of this process, by code. Pure state: no sockets, no timers. Holding a seat and releasing it when its
 * grace window ends are separate calls, so whoever owns the clock (the realtime layer) decides when.
 * `connection` arguments bind a seat to a socket id; they are optional, for callers that do not track sockets.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  /**
   * The listed rooms in directory order, sorted when first asked for after a change that may move a room in it (a
   * room made, joined, left, configured or restored), so a title screen's repeated listings cost no sort each.
   */
  private listing: DirectorySlot[] | undefined;

  constructor(
    private readonly capacity: number,
    private readonly newCode: () => string = generateRoomCode,
    private readonly newToken: SeatTokens = newResumeToken,
  ) {}

  get roomCount(): number {
    return this.rooms.size;
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  create(creator: (code: string) => Member, connection?: string, options?: NewRoomOptions): Room {
    let code = this.newCode();
    // Collisions are rare (8.9e8 codes) but possible; a live code is never handed out twice.
    while (this.rooms.has(code)) code = this.newCode();
    const member = creator(code);
    const room = new Room(code, this.capacity, member, this.newToken(code, member.id), connection ?? null, options);
    this.rooms.set(code, room);
    this.listing = undefined;
    return room;
  }

  /** The listed rooms after `after`, in directory order (rooms/room-directory.ts). */
  listedRooms(after: string | null, count: number): DirectorySlot[] {
    this.listing ??= [...this.rooms.values()]
      .flatMap((room) => {
        const entry = directoryEntry(room);
        return entry === null ? [] : [{ entry, room }];
      })
      .sort((a, b) => (a.entry < b.entry ? -1 : 1));
    const start = after === null ? 0 : this.listing.findIndex((slot) => slot.entry > after);
    return start === -1 ? [] : this.listing.slice(start, start + count);
  }

  join(code: string, member: Member, connection?: string, admission?: Admission): JoinResult {
    this.listing = undefined;
    return joinRoom(this.rooms.get(code), member, this.newToken(code, member.id), connection, admission);
  }

  /** Applies a lobby rule (rooms/lobby-rules.ts) to the room in place. */
  applyLobbyRule<T>(code: string, rule: LobbyRule<T>): LobbyOutcome<T> {
    this.listing = undefined;
    return rule(this.rooms.get(code));
  }

  leave(code: string, memberId: MemberId, connection?: string, resumeToken?: string): LeaveResult | null {
    return this.deleteIfEmpty(leaveRoom(this.rooms.get(code), memberId, connection, resumeToken));
  }

  /** Keeps a member's seat after its socket dropped; the host role moves to a connected member at once. */
  hold(code: string, memberId: MemberId, now: number, options?: HoldOptions): HoldResult | null {
    return holdSeat(this.rooms.get(code), memberId, now, options);
  }

  /**
   * Gives a seat back to the holder of its token: a held seat, or one whose old socket the server has not yet seen
   * drop (the client noticed first). Compares tokens in constant time.
   */
  resume(code: string, memberId: MemberId, resumeToken: string, connection?: string): ResumeResult {
    return resumeSeat(this.rooms.get(code), memberId, resumeToken, connection);
  }

  /** Ends a held seat whose grace window is over; null when it is not held (it resumed, or left meanwhile). */
  release(code: string, memberId: MemberId, until?: number): LeaveResult | null {
    return this.deleteIfEmpty(releaseSeat(this.rooms.get(code), memberId, until));
  }

  /** Puts back a room this process lost (a restart); false when a room with its code already exists. */
  restore(room: Room): boolean {
    if (this.rooms.has(room.code)) return false;
    this.rooms.set(room.code, room);
    this.listing = undefined;
    return true;
  }

  /** Ends a restored room's host reservation; the new host when the role moved. */
  endHostReservation(code: string): MemberId | null {
    return endHostReservation(this.rooms.get(code));
  }

  private deleteIfEmpty(result: LeaveResult | null): LeaveResult | null {
    this.listing = undefined;
    if (result?.deleted) this.rooms.delete(result.room.code);
    return result;
  }
}
