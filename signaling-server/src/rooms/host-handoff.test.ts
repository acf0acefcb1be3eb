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
});
