import { generateRoomCode, type Member, type MemberId } from "@rallypoint/shared";
import { Room } from "./room.js";

export type JoinResult = { ok: true; room: Room } | { ok: false; reason: "room-not-found" | "room-full" };

export interface LeaveResult {
  room: Room;
  /** The new host, when the leaving member was the host and someone remains. */
  newHostId: MemberId | null;
  /** The room was left empty and is gone. */
  deleted: boolean;
}

/** All rooms of this process, by code. Pure state: no sockets, no timers. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly capacity: number,
    private readonly newCode: () => string = generateRoomCode,
  ) {}

  get roomCount(): number {
    return this.rooms.size;
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  create(creator: Member): Room {
    let code = this.newCode();
    // Collisions are rare (8.9e8 codes) but possible; a live code is never handed out twice.
    while (this.rooms.has(code)) code = this.newCode();
    const room = new Room(code, this.capacity, creator);
    this.rooms.set(code, room);
    return room;
  }

  join(code: string, member: Member): JoinResult {
    const room = this.rooms.get(code);
    if (!room) return { ok: false, reason: "room-not-found" };
    if (room.isFull) return { ok: false, reason: "room-full" };
    room.add(member);
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
}
