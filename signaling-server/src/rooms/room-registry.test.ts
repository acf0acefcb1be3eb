import { describe, expect, it } from "vitest";
import type { Member } from "@rallypoint/protocol";
import { Room } from "./room.js";
import type { RoomJson } from "./room-types.js";
import { RoomRegistry } from "./room-registry.js";

const member = (id: string, joinedAt = 0): Member => ({ id, name: id, joinedAt });

describe("RoomRegistry", () => {
  it("makes the creator host of a new room", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(() => member("a"));
    expect(room.hostId).toBe("a");
    expect(registry.get(room.code)).toBe(room);
  });

  it("never hands out a live code twice", () => {
    const codes = ["AAAAAA", "AAAAAA", "BBBBBB"];
    const registry = new RoomRegistry(8, () => codes.shift() ?? "CCCCCC");
    expect(registry.create(() => member("a")).code).toBe("AAAAAA");
    expect(registry.create(() => member("b")).code).toBe("BBBBBB");
  });

  it("refuses unknown codes and full rooms", () => {
    const registry = new RoomRegistry(2);
    const room = registry.create(() => member("a"));
    expect(registry.join("ZZZZZZ", member("b"))).toEqual({ ok: false, reason: "room-not-found" });
    expect(registry.join(room.code, member("b")).ok).toBe(true);
    expect(registry.join(room.code, member("c"))).toEqual({ ok: false, reason: "room-full" });
  });

  it("hands the host role to the oldest remaining member", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(() => member("a", 1));
    registry.join(room.code, member("b", 2));
    registry.join(room.code, member("c", 3));
    expect(registry.leave(room.code, "b")?.newHostId).toBeNull();
    expect(registry.leave(room.code, "a")?.newHostId).toBe("c");
    expect(room.hostId).toBe("c");
  });

  it("deletes a room when its last member leaves", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(() => member("a"));
    expect(registry.leave(room.code, "a")?.deleted).toBe(true);
    expect(registry.get(room.code)).toBeUndefined();
    expect(registry.roomCount).toBe(0);
  });

  it("ignores leaving a room one is not in", () => {
    const registry = new RoomRegistry(8);
    const room = registry.create(() => member("a"));
    expect(registry.leave(room.code, "x")).toBeNull();
    expect(registry.leave("NOPE22", "a")).toBeNull();
  });
});

describe("RoomRegistry seats held for resuming", () => {
  const tokens = (): (() => string) => {
    let n = 0;
    return () => `token-${n++}`;
  };

  it("gives each member its own resume token", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a"));
    registry.join(room.code, member("b"));
    expect(room.resumeTokenOf("a")).toBe("token-0");
    expect(room.resumeTokenOf("b")).toBe("token-1");
  });

  it("holds a dropped member's seat, counting it toward capacity", () => {
    const registry = new RoomRegistry(2, undefined, tokens());
    const room = registry.create(() => member("a"));
    registry.join(room.code, member("b"));
    expect(registry.hold(room.code, "b", 100)).toEqual({ room, newHostId: null, wasHeld: false });
    expect(room.isHeld("b")).toBe(true);
    expect(room.has("b")).toBe(true);
    expect(registry.join(room.code, member("c"))).toEqual({ ok: false, reason: "room-full" });
  });

  it("moves the host role off a held seat at once, to the oldest connected member", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a", 1));
    registry.join(room.code, member("b", 2));
    registry.join(room.code, member("c", 3));
    registry.hold(room.code, "b", 100);
    expect(registry.hold(room.code, "a", 100)?.newHostId).toBe("c");
    // Coming back does not take the role back: the game has already handed its authority over.
    expect(registry.resume(room.code, "a", "token-0")).toMatchObject({ ok: true, newHostId: null, wasHeld: true });
    expect(room.hostId).toBe("c");
  });

  it("keeps the host on a held seat while nobody is connected, then hands it to the first one back", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a", 1));
    registry.join(room.code, member("b", 2));
    expect(registry.hold(room.code, "a", 100)?.newHostId).toBe("b");
    expect(registry.hold(room.code, "b", 100)?.newHostId).toBeNull();
    expect(room.hostId).toBe("b");
    expect(registry.resume(room.code, "a", "token-0")).toMatchObject({ ok: true, newHostId: "a" });
  });

  it("resumes only with the member's own token, and says why not", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a"));
    registry.join(room.code, member("b"));
    registry.hold(room.code, "b", 100);
    expect(registry.resume(room.code, "b", "token-0")).toEqual({ ok: false, reason: "bad-token" });
    expect(registry.resume(room.code, "x", "token-1")).toEqual({ ok: false, reason: "expired" });
    expect(registry.resume("ZZZZZZ", "b", "token-1")).toEqual({ ok: false, reason: "unknown" });
    expect(room.isHeld("b")).toBe(true);
  });

  it("lets a token take over a seat whose old socket is not yet seen gone", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a"));
    expect(registry.resume(room.code, "a", "token-0")).toMatchObject({ ok: true, wasHeld: false });
  });

  it("releases a held seat like a leave, and only a held one", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a", 1));
    registry.join(room.code, member("b", 2));
    expect(registry.release(room.code, "a")).toBeNull();
    registry.hold(room.code, "a", 100);
    registry.resume(room.code, "a", "token-0");
    expect(registry.release(room.code, "a")).toBeNull();
    registry.hold(room.code, "a", 200);
    expect(registry.release(room.code, "a")).toEqual({ room, newHostId: null, deleted: false, wasLeaving: false });
    expect(room.members.map((m) => m.id)).toEqual(["b"]);
    expect(registry.resume(room.code, "a", "token-0")).toEqual({ ok: false, reason: "expired" });
  });

  it("holds a leaving page's seat for its token only, until the earlier deadline, and releases it as a leave", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a", 1));
    registry.join(room.code, member("b", 2));
    expect(registry.hold(room.code, "b", 100, { until: 500, leavingWithToken: "token-0" })).toBeNull();
    expect(registry.hold(room.code, "b", 100, { until: 60_000 })).toMatchObject({ wasHeld: false });
    expect(registry.hold(room.code, "b", 200, { until: 900, leavingWithToken: "token-1" })).toMatchObject({
      wasHeld: true,
    });
    expect(room.heldUntil("b")).toBe(900);
    expect(registry.release(room.code, "b", 60_000)).toBeNull();
    expect(registry.release(room.code, "b", 900)).toMatchObject({ wasLeaving: true });
  });

  it("forgets that a seat was leaving once its page takes it back", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a", 1));
    registry.join(room.code, member("b", 2));
    expect(registry.hold(room.code, "b", 100, { until: 900, leavingWithToken: "token-1" })).toMatchObject({
      wasHeld: false,
    });
    expect(registry.resume(room.code, "b", "token-1")).toMatchObject({ ok: true, wasHeld: true });
    registry.hold(room.code, "b", 200, { until: 5000 });
    expect(registry.release(room.code, "b", 5000)).toMatchObject({ wasLeaving: false });
  });

  it("keeps a room whose members are all away, and deletes it when the last seat is released", () => {
    const registry = new RoomRegistry(8, undefined, tokens());
    const room = registry.create(() => member("a"));
    registry.hold(room.code, "a", 100);
    expect(registry.roomCount).toBe(1);
    expect(registry.release(room.code, "a")?.deleted).toBe(true);
    expect(registry.roomCount).toBe(0);
  });
});

describe("RoomRegistry seats bound to sockets", () => {
  it("ignores the drop or leave of a socket the seat is no longer bound to", () => {
    const registry = new RoomRegistry(8, undefined, () => "token");
    const room = registry.create(() => member("a"), "socket-1");
    registry.join(room.code, member("b"), "socket-2");
    // a resumed on socket-3 before socket-1 was seen gone.
    registry.resume(room.code, "a", "token", "socket-3");
    expect(registry.hold(room.code, "a", 100, { connection: "socket-1" })).toBeNull();
    expect(registry.leave(room.code, "a", "socket-1")).toBeNull();
    expect(room.isHeld("a")).toBe(false);
    expect(registry.hold(room.code, "a", 100, { connection: "socket-3" })?.newHostId).toBe("b");
  });

  it("releases a hold only with the deadline it was held until", () => {
    const registry = new RoomRegistry(8, undefined, () => "token");
    const room = registry.create(() => member("a"), "socket-1");
    registry.join(room.code, member("b"), "socket-2");
    registry.hold(room.code, "a", 100, { until: 1100, connection: "socket-1" });
    registry.resume(room.code, "a", "token", "socket-3");
    registry.hold(room.code, "a", 200, { until: 1200, connection: "socket-3" });
    // The first window's timer (or a sweep of its stale entry) must not end the second one early.
    expect(registry.release(room.code, "a", 1100)).toBeNull();
    expect(registry.release(room.code, "a", 1200)?.deleted).toBe(false);
  });
});

describe("Room as JSON", () => {
  it("comes back from its JSON the same: members in order, host, seats", () => {
    const room = new Room("ABCDEF", 4, member("a", 1), "token-a", "socket-a");
    room.add(member("b", 2), "token-b", "socket-b");
    room.hold("a", 100, 1100);
    const copy = Room.fromJSON(JSON.parse(JSON.stringify(room)) as RoomJson);
    expect(copy.toJSON()).toEqual(room.toJSON());
    expect(copy.hostId).toBe("b");
    expect(copy.heldUntil("a")).toBe(1100);
    expect(copy.connectionOf("b")).toBe("socket-b");
    expect(copy.resumeTokenOf("a")).toBe("token-a");
  });
});
