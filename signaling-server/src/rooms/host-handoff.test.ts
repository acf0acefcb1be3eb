import { describe, expect, it } from "vitest";
import type { Member } from "@rallypoint/protocol";
import { handOffHiddenHost } from "./host-handoff.js";
import { Room } from "./room.js";

const member = (id: string): Member => ({ id, name: id, joinedAt: 0 });

function roomOf(...ids: string[]): Room {
  const [first, ...rest] = ids;
  const room = new Room("ABCDEF", 8, member(first ?? "a"), "token");
  for (const id of rest) room.add(member(id), "token");
  return room;
}

describe("handOffHiddenHost", () => {
  it("moves the role to the oldest visible connected member", () => {
    const room = roomOf("a", "b", "c", "d");
    room.hold("b", 1);
    expect(handOffHiddenHost(room, "a", new Set(["a", "c"]))).toBe("d");
    expect(room.hostId).toBe("d");
  });

  it("keeps the hidden host when nobody else is visible and connected", () => {
    const room = roomOf("a", "b", "c");
    room.hold("c", 1);
    expect(handOffHiddenHost(room, "a", new Set(["a", "b"]))).toBeNull();
    expect(room.hostId).toBe("a");
  });

  it("does nothing when the member is no longer the host, or the room is gone", () => {
    const room = roomOf("a", "b");
    expect(handOffHiddenHost(room, "b", new Set(["b"]))).toBeNull();
    expect(room.hostId).toBe("a");
    expect(handOffHiddenHost(undefined, "a", new Set(["a"]))).toBeNull();
  });

  it("never hands the role to a spectator", () => {
    const room = roomOf("a", "b");
    room.add({ ...member("s"), spectator: true }, "token");
    room.add(member("c"), "token");
    expect(handOffHiddenHost(room, "a", new Set(["a", "b"]))).toBe("c");
    expect(handOffHiddenHost(room, "c", new Set(["a", "b", "c"]))).toBeNull();
  });
});

describe("the host and spectators", () => {
  it("a dropped host's role goes to a player, never to an older spectator; spectators take no player seat", () => {
    const room = new Room("ABCDEF", 2, member("a"), "token");
    room.add({ ...member("s"), spectator: true }, "token");
    room.add(member("b"), "token");
    expect([room.isFull, room.playerCount, room.spectatorCount]).toEqual([true, 2, 1]);
    room.hold("a", 1);
    expect(room.hostId).toBe("b");
  });
});
