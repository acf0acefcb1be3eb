import { describe, expect, it } from "vitest";
import type { Member } from "@rallypoint/shared";
import { RoomRegistry } from "./room-registry.js";

const member = (id: string, joinedAt = 0): Member => ({ id, name: id, joinedAt });

describe("RoomRegistry", () => {
  it("makes the creator host of a new room", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(member("a"));
    expect(room.hostId).toBe("a");
    expect(registry.get(room.code)).toBe(room);
  });

  it("never hands out a live code twice", () => {
    const codes = ["AAAAAA", "AAAAAA", "BBBBBB"];
    const registry = new RoomRegistry(8, () => codes.shift() ?? "CCCCCC");
    expect(registry.create(member("a")).code).toBe("AAAAAA");
    expect(registry.create(member("b")).code).toBe("BBBBBB");
  });

  it("refuses unknown codes and full rooms", () => {
    const registry = new RoomRegistry(2);
    const room = registry.create(member("a"));
    expect(registry.join("ZZZZZZ", member("b"))).toEqual({ ok: false, reason: "room-not-found" });
    expect(registry.join(room.code, member("b")).ok).toBe(true);
    expect(registry.join(room.code, member("c"))).toEqual({ ok: false, reason: "room-full" });
  });

  it("hands the host role to the oldest remaining member", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(member("a", 1));
    registry.join(room.code, member("b", 2));
    registry.join(room.code, member("c", 3));
    expect(registry.leave(room.code, "b")?.newHostId).toBeNull();
    expect(registry.leave(room.code, "a")?.newHostId).toBe("c");
    expect(room.hostId).toBe("c");
  });

  it("deletes a room when its last member leaves", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(member("a"));
    expect(registry.leave(room.code, "a")?.deleted).toBe(true);
    expect(registry.get(room.code)).toBeUndefined();
    expect(registry.roomCount).toBe(0);
  });

  it("ignores leaving a room one is not in", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(member("a"));
    expect(registry.leave(room.code, "x")).toBeNull();
    expect(registry.leave("NOPE22", "a")).toBeNull();
  });
});
