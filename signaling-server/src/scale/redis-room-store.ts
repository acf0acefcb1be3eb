import { generateRoomCode, type Member, type MemberId } from "@rallypoint/protocol";
import { Room } from "../rooms/room.js";
import type { NewRoomOptions, RoomJson } from "../rooms/room-types.js";
import { directoryEntry, type DirectorySlot } from "../rooms/room-directory.js";
import { newResumeToken, type SeatTokens } from "../rooms/room-registry.js";
import { handOffHiddenHost } from "../rooms/host-handoff.js";
import type { LobbyOutcome, LobbyRule } from "../rooms/lobby-rules.js";
import type { RoomStore } from "../rooms/room-store.js";
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
} from "../rooms/seat-rules.js";
import type { RedisClient } from "./redis-clients.js";
import type { RedisKeys } from "./redis-keys.js";

/**
 * Writes a room only if it is still exactly what was read (compare-and-set): '' expects no room, and writing ''
 * deletes it. Keeps the set of live codes, the index of grace deadlines and the directory of public rooms in step,
 * in the same atomic step. KEYS: room, rooms, holds, directory. ARGV: expected, new, code, hold entry ('' for none),
 * its deadline, the room's directory entry before and after ('' when not listed; see rooms/room-directory.ts).
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
end
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4]) end
if ARGV[6] ~= ARGV[7] then
  if ARGV[6] ~= '' then redis.call('ZREM', KEYS[4], ARGV[6]) end
  if ARGV[7] ~= '' then redis.call('ZADD', KEYS[4], 0, ARGV[7]) end
end
return 1
`;

/** How often a write may lose a race before the operation gives up (each loss means someone else progressed). */
const MAX_ATTEMPTS = 64;

/** What an operation did to the room it read: nothing, changed it, or emptied it. */
type Outcome<T> = { result: T; write: "none" | "save" | "delete"; hold?: DueHold };

/** A held seat whose grace window ends at `until`, as the deadline index lists it. */
export interface DueHold {
  code: string;
  memberId: MemberId;
  until: number;
}

/**
 * The rooms of every server process, in Redis. Each room is one JSON key; an operation reads it, applies the very
 * rules the in-memory store applies (rooms/seat-rules.ts) to a copy, and writes it back only if nobody changed it
 * meanwhile, else reads again. So capacity, host election and seat state change atomically, with one set of rules
 * for both stores. Keys carry no expiry: every seat is always owned by something that ends it (its socket, its grace
 * deadline, or the sweep that takes over a dead process's seats), and an expiry would end long games.
 */
export class RedisRoomStore implements RoomStore {
  private cachedRoomCount = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly capacity: number,
    private readonly newCode: () => string = generateRoomCode,
    private readonly newToken: SeatTokens = newResumeToken,
  ) {}

  get roomCount(): number {
    return this.cachedRoomCount;
  }

  /** Re-counts the live rooms (SCARD); the sweep calls it, /healthz reads the result. */
  async refreshRoomCount(): Promise<void> {
    this.cachedRoomCount = await this.redis.sCard(this.keys.rooms);
  }

  async exists(code: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.room(code))) === 1;
  }

  async memberIds(code: string): Promise<MemberId[]> {
    return (await this.read(code)).room?.members.map((member) => member.id) ?? [];
  }

  async create(creator: (code: string) => Member, connection: string, options?: NewRoomOptions): Promise<Room> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const code = this.newCode();
      const member = creator(code);
      const room = new Room(code, this.capacity, member, this.newToken(code, member.id), connection, options);
      // Expects no room under the code: a collision with a live code draws another.
      if (await this.compareAndSet(room.code, "", room)) return room;
    }
    throw new Error("Could not find a free room code");
  }

  join(code: string, member: Member, connection: string, admission?: Admission): Promise<JoinResult> {
    return this.update(code, (room) => {
      const result = joinRoom(room, member, this.newToken(code, member.id), connection, admission);
      return { result, write: result.ok ? "save" : "none" };
    });
  }

  applyLobbyRule<T>(code: string, rule: LobbyRule<T>): Promise<LobbyOutcome<T>> {
    return this.update(code, (room) => {
      const result = rule(room);
      return { result, write: result.ok ? "save" : "none" };
    });
  }

  leave(code: string, memberId: MemberId, connection?: string, resumeToken?: string): Promise<LeaveResult | null> {
    return this.update(code, (room) => left(leaveRoom(room, memberId, connection, resumeToken)));
  }

  hold(code: string, memberId: MemberId, now: number, options: HoldOptions): Promise<HoldResult | null> {
    return this.update(code, (room) => {
      const result = holdSeat(room, memberId, now, options);
      if (!result) return { result, write: "none" };
      const hold = options.until === undefined ? undefined : { code, memberId, until: options.until };
      return { result, write: "save", hold };
    });
  }

  resume(code: string, memberId: MemberId, resumeToken: string, connection: string): Promise<ResumeResult> {
    return this.update(code, (room) => {
      const result = resumeSeat(room, memberId, resumeToken, connection);
      return { result, write: result.ok ? "save" : "none" };
    });
  }

  release(code: string, memberId: MemberId, until?: number): Promise<LeaveResult | null> {
    return this.update(code, (room) => left(releaseSeat(room, memberId, until)));
  }

  async restore(room: Room, until: number): Promise<boolean> {
    if (!(await this.compareAndSet(room.code, "", room))) return false;
    // Indexed after the room is written, as hold() does in one step: a sweep that finds a deadline finds its seat.
    const held = room.members.filter((member) => room.isHeld(member.id));
    for (const { id } of held) {
      await this.redis.zAdd(this.keys.holds, {
        score: until,
        value: holdEntry({ code: room.code, memberId: id, until }),
      });
    }
    return true;
  }

  endHostReservation(code: string): Promise<MemberId | null> {
    return this.update(code, (room) => {
      const hadReservation = (room?.reservedHostId ?? null) !== null;
      return { result: endHostReservation(room), write: hadReservation ? "save" : "none" };
    });
  }

  handOffHiddenHost(code: string, from: MemberId, hidden: ReadonlySet<MemberId>): Promise<MemberId | null> {
    return this.update(code, (room) => {
      const result = handOffHiddenHost(room, from, hidden);
      return { result, write: result === null ? "none" : "save" };
    });
  }

  /**
   * The listed rooms after `after`, from the directory's sorted set (one score, so ordered by entry). A room that
   * changed between the two reads is read as it is now, and left out if it is no longer listed.
   */
  async listedRooms(after: string | null, count: number): Promise<DirectorySlot[]> {
    const entries = await this.redis.zRangeByLex(this.keys.directory, after === null ? "-" : `(${after}`, "+", {
      LIMIT: { offset: 0, count },
    });
    if (entries.length === 0) return [];
    const jsons = await this.redis.mGet(entries.map((entry) => this.keys.room(entry.slice(entry.indexOf(":") + 1))));
    return entries.map((entry, index) => {
      const json = jsons[index];
      const room = json ? Room.fromJSON(JSON.parse(json) as RoomJson) : undefined;
      return { entry, room: directoryEntry(room) === null ? undefined : room };
    });
  }

  /** Held seats whose grace window ended by `now`, oldest first (entries may be stale: release() checks). */
  async dueHolds(now: number, limit = 100): Promise<DueHold[]> {
    const entries = await this.redis.zRangeByScore(this.keys.holds, "-inf", now, {
      LIMIT: { offset: 0, count: limit },
    });
    return entries.map((entry) => {
      const [code, memberId, until] = JSON.parse(entry) as [string, string, number];
      return { code, memberId, until };
    });
  }

  async forgetHold(hold: DueHold): Promise<void> {
    await this.redis.zRem(this.keys.holds, holdEntry(hold));
  }

  private async update<T>(code: string, apply: (room: Room | undefined) => Outcome<T>): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { json, room } = await this.read(code);
      const listedAs = directoryEntry(room);
      const { result, write, hold } = apply(room);
      if (write === "none") return result;
      const next = write === "delete" ? undefined : room;
      if (await this.compareAndSet(code, json, next, { hold, listedAs })) return result;
      // Lost a race: someone else changed the room between our read and write. Back off a little, then redo.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt + 1, 10)));
    }
    throw new Error(`Room ${code} changed ${MAX_ATTEMPTS} times while we tried to change it`);
  }

  private async read(code: string): Promise<{ json: string; room: Room | undefined }> {
    const json = (await this.redis.get(this.keys.room(code))) ?? "";
    return { json, room: json === "" ? undefined : Room.fromJSON(JSON.parse(json) as RoomJson) };
  }

  /**
   * Writes `next` (undefined deletes the room) if the room is still `expected` (its JSON as read, '' for none).
   * `listedAs`: the directory entry of the room as read, which the write replaces with the new room's.
   */
  private async compareAndSet(
    code: string,
    expected: string,
    next: Room | undefined,
    { hold, listedAs = null }: { hold?: DueHold | undefined; listedAs?: string | null } = {},
  ): Promise<boolean> {
    const reply = await this.redis.eval(COMPARE_AND_SET, {
      keys: [this.keys.room(code), this.keys.rooms, this.keys.holds, this.keys.directory],
      arguments: [
        expected,
        next ? JSON.stringify(next) : "",
        code,
        hold ? holdEntry(hold) : "",
        hold ? String(hold.until) : "0",
        listedAs ?? "",
        directoryEntry(next) ?? "",
      ],
    });
    return reply === 1;
  }
}

function left(result: LeaveResult | null): Outcome<LeaveResult | null> {
  return { result, write: result === null ? "none" : result.deleted ? "delete" : "save" };
}

function holdEntry({ code, memberId, until }: DueHold): string {
  return JSON.stringify([code, memberId, until]);
}
