import { describe, expect, it } from "vitest";
import type { RoomInfo } from "../network-events.js";
import { nextMembership } from "./membership.js";

const member = (id: string) => ({ id, name: id, joinedAt: 0 });
const lobby = {
  properties: {},
  settings: { locked: false, capacity: 8, membersSetProperties: false, maxSpectators: 8, public: false },
};
const room: RoomInfo = {
  code: "ABCDEF",
  selfId: "bob",
  hostId: "ada",
  members: [member("ada"), member("bob")],
  ...lobby,
};

describe("nextMembership", () => {
  it("adds a joining member last, and ignores one already in the room", () => {
    const step = nextMembership(room, ["peer:joined", member("cat")]);
    expect(step.room.members.map(({ id }) => id)).toEqual(["ada", "bob", "cat"]);
    expect(nextMembership(step.room, ["peer:joined", member("cat")]).room).toBe(step.room);
  });

  it("says when the member that left was the host, so its state can outlive it", () => {
    expect(nextMembership(room, ["peer:left", { id: "ada", reason: "left" }])).toEqual({
      room: { ...room, members: [member("bob")] },
      hostLeft: "ada",
    });
    expect(nextMembership(room, ["peer:left", { id: "bob", reason: "left" }]).hostLeft).toBeUndefined();
  });

  it("names the previous host when the role comes to this member, and only then", () => {
    expect(nextMembership(room, ["host:changed", { hostId: "bob" }])).toEqual({
      room: { ...room, hostId: "bob" },
      migratedFrom: "ada",
    });
    expect(nextMembership(room, ["host:changed", { hostId: "cat" }]).migratedFrom).toBeUndefined();
    const hostAlready = { ...room, hostId: "bob" };
    expect(nextMembership(hostAlready, ["host:changed", { hostId: "bob" }]).migratedFrom).toBeUndefined();
  });
});
