import type { Member, MemberId } from "@rallypoint/protocol";
import type { Room } from "./room.js";
import type { NewRoomOptions } from "./room-types.js";
import type { DirectorySlot, RoomDirectorySource } from "./room-directory.js";
import { handOffHiddenHost } from "./host-handoff.js";
import { RoomRegistry, type SeatTokens } from "./room-registry.js";
import type { LobbyOutcome, LobbyRule } from "./lobby-rules.js";
import type { Admission, HoldOptions, HoldResult, JoinResult, LeaveResult, ResumeResult } from "./seat-rules.js";

/**
 * Where rooms live: in this process (MemoryRoomStore), or in Redis when several processes share them
 * (scale/redis-room-store.ts). Every operation is atomic: two members racing for the last seat, or a resume racing
 * the end of a grace window, never both win. The rooms handed back are snapshots taken right after the operation.
 * `connection` is the id of the socket a seat gets bound to (see Room).
 */
export interface RoomStore extends RoomDirectorySource {
  /** Live rooms, for /healthz (the Redis store's count is refreshed by its sweep, so it may be a second old). */
  readonly roomCount: number;
  exists(code: string): Promise<boolean>;
  /** The ids of the members with a seat (connected or held) in room `code`; none when there is no such room. */
  memberIds(code: string): Promise<MemberId[]>;
  /** A room under a fresh code, with the member `creator` makes for that code as its first member and host. */
  create(creator: (code: string) => Member, connection: string, options?: NewRoomOptions): Promise<Room>;
  join(code: string, member: Member, connection: string, admission?: Admission): Promise<JoinResult>;
  /** Frees the seat; given `connection`, only while it is bound to that socket; given `resumeToken`, only for its holder. */
  leave(code: string, memberId: MemberId, connection?: string, resumeToken?: string): Promise<LeaveResult | null>;
  hold(code: string, memberId: MemberId, now: number, options: HoldOptions): Promise<HoldResult | null>;
  resume(code: string, memberId: MemberId, resumeToken: string, connection: string): Promise<ResumeResult>;
  release(code: string, memberId: MemberId, until?: number): Promise<LeaveResult | null>;
  /**
   * Puts back a room the store lost (rooms/room-restore.ts), with its held seats' deadlines; false when a room with
   * that code exists (then resume into it instead).
   */
  restore(room: Room, until: number): Promise<boolean>;
  /** Ends a restored room's host reservation; the new host when the role moved. */
  endHostReservation(code: string): Promise<MemberId | null>;
  /** Applies a lobby rule (rooms/lobby-rules.ts); the room is saved when the rule allowed the change. */
  applyLobbyRule<T>(code: string, rule: LobbyRule<T>): Promise<LobbyOutcome<T>>;
  /** Moves the host role from `from`, hidden too long, to a visible connected member (handOffHiddenHost). */
  handOffHiddenHost(code: string, from: MemberId, hidden: ReadonlySet<MemberId>): Promise<MemberId | null>;
}

/** The rooms of one process: the pure RoomRegistry behind the store interface. */
export class MemoryRoomStore implements RoomStore {
  private readonly registry: RoomRegistry;

  constructor(capacity: number, tokens?: SeatTokens) {
    this.registry = new RoomRegistry(capacity, undefined, tokens);
  }

  get roomCount(): number {
    return this.registry.roomCount;
  }

  exists(code: string): Promise<boolean> {
    return Promise.resolve(this.registry.get(code) !== undefined);
  }

  memberIds(code: string): Promise<MemberId[]> {
    return Promise.resolve(this.registry.get(code)?.members.map((member) => member.id) ?? []);
  }

  create(creator: (code: string) => Member, connection: string, options?: NewRoomOptions): Promise<Room> {
    return Promise.resolve(this.registry.create(creator, connection, options));
  }

  listedRooms(after: string | null, count: number): Promise<DirectorySlot[]> {
    return Promise.resolve(this.registry.listedRooms(after, count));
  }

  join(code: string, member: Member, connection: string, admission?: Admission): Promise<JoinResult> {
    return Promise.resolve(this.registry.join(code, member, connection, admission));
  }

  applyLobbyRule<T>(code: string, rule: LobbyRule<T>): Promise<LobbyOutcome<T>> {
    return Promise.resolve(this.registry.applyLobbyRule(code, rule));
  }

  leave(code: string, memberId: MemberId, connection?: string, resumeToken?: string): Promise<LeaveResult | null> {
    return Promise.resolve(this.registry.leave(code, memberId, connection, resumeToken));
  }

  hold(code: string, memberId: MemberId, now: number, options: HoldOptions): Promise<HoldResult | null> {
    return Promise.resolve(this.registry.hold(code, memberId, now, options));
  }

  resume(code: string, memberId: MemberId, resumeToken: string, connection: string): Promise<ResumeResult> {
    return Promise.resolve(this.registry.resume(code, memberId, resumeToken, connection));
  }

  release(code: string, memberId: MemberId, until?: number): Promise<LeaveResult | null> {
    return Promise.resolve(this.registry.release(code, memberId, until));
  }

  restore(room: Room): Promise<boolean> {
    return Promise.resolve(this.registry.restore(room));
  }

  endHostReservation(code: string): Promise<MemberId | null> {
    return Promise.resolve(this.registry.endHostReservation(code));
  }

  handOffHiddenHost(code: string, from: MemberId, hidden: ReadonlySet<MemberId>): Promise<MemberId | null> {
    return Promise.resolve(handOffHiddenHost(this.registry.get(code), from, hidden));
  }
}
