import { describe, expect, it } from "vitest";
import type { Member, Properties } from "@rallypoint/protocol";
import { Room } from "./room.js";
import { RoomRegistry } from "./room-registry.js";
import {
  directoryEntry,
  listRooms,
  MAX_QUICK_JOIN_TRIES,
  MAX_SCANNED_ROOMS,
  quickJoinCandidates,
} from "./room-directory.js";

const member = (id: string): Member => ({ id, name: id, joinedAt: 0 });

/** A registry as the memory store wraps it: the directory source of its listed rooms. */
function registryWith(rooms: { properties?: Properties; members?: number; isPublic?: boolean }[]) {
  const registry = new RoomRegistry(8);
  const codes = rooms.map(({ properties = {}, members = 1, isPublic = true }, index) => {
    const room = registry.create(() => member(`r${index}-0`), undefined, { isPublic, properties });
    for (let n = 1; n < members; n++) registry.join(room.code, member(`r${index}-${n}`));
    return room.code;
  });
  const source = {
    listedRooms: (after: string | null, count: number) => Promise.resolve(registry.listedRooms(after, count)),
  };
  return { registry, codes, source };
}

describe("the room directory", () => {
  it("lists a room while public, unlocked and not full, under its free seats then its code", () => {
    const room = new Room("ABCDEF", 8, member("a"), "token", null, { isPublic: true });
    expect(directoryEntry(room)).toBe("07:ABCDEF");
    room.locked = true;
    expect(directoryEntry(room)).toBeNull();
    expect(directoryEntry(new Room("ABCDEF", 8, member("a"), "token"))).toBeNull();
    expect(directoryEntry(new Room("ABCDEF", 1, member("a"), "token", null, { isPublic: true }))).toBeNull();
  });

  it("looks at no more than MAX_SCANNED_ROOMS rooms per request, and says where to go on", async () => {
    // The room sought has the most free seats: it comes after every other one.
    const others = Array.from({ length: MAX_SCANNED_ROOMS + 30 }, () => ({ members: 2 }));
    const { source } = registryWith([...others, { members: 1, properties: { sought: true } }]);
    const first = await listRooms(source, { filter: { sought: true } });
    expect(first.rooms).toEqual([]);
    expect(first.cursor).not.toBeNull();
    const next = await listRooms(source, { filter: { sought: true }, cursor: first.cursor ?? undefined });
    expect(next.rooms.map((room) => room.properties)).toEqual([{ sought: true }]);
    expect(next.cursor).toBeNull();
  });

  it("gives 20 rooms by default, and a null cursor when the last page ends the directory", async () => {
    const { source } = registryWith(Array.from({ length: 25 }, () => ({})));
    const first = await listRooms(source, {});
    expect(first.rooms).toHaveLength(20);
    const last = await listRooms(source, { cursor: first.cursor ?? undefined, limit: 5 });
    expect(last).toMatchObject({ cursor: null });
    expect(last.rooms).toHaveLength(5);
  });

  it("offers a quick join the fullest matching rooms first, a bounded number of them", async () => {
    const rooms = [{ members: 2 }, { members: 6 }, { members: 4, properties: { mode: "ctf" } }, { members: 8 }];
    const { codes, source } = registryWith([...rooms, ...Array.from({ length: 10 }, () => ({}))]);
    expect((await quickJoinCandidates(source, undefined)).slice(0, 3)).toEqual([codes[1], codes[2], codes[0]]);
    expect(await quickJoinCandidates(source, undefined)).toHaveLength(MAX_QUICK_JOIN_TRIES);
    expect(await quickJoinCandidates(source, { mode: "ctf" })).toEqual([codes[2]]);
  });
});
