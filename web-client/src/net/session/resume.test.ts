import { describe, expect, it } from "vitest";
import type { RoomJoined } from "@rallypoint/protocol";
import type { RoomInfo } from "../network-events.js";
import { decideResume } from "./resume.js";

const member = (id: string) => ({ id, name: id, joinedAt: 0 });
const lobby = {
  properties: {},
  settings: { locked: false, capacity: 8, membersSetProperties: false, maxSpectators: 8, public: false },
};
const known: RoomInfo = {
  code: "ABCDEF",
  selfId: "bob",
  hostId: "ada",
  members: ["ada", "bob", "cat"].map(member),
  ...lobby,
};
const resumed = (hostId: string, ids: string[]): RoomJoined => ({
  code: "ABCDEF",
  selfId: "bob",
  hostId,
  members: ids.map(member),
  resumeToken: "resume-token-0123456789",
  resumeGraceMs: 30_000,
  peerToken: "peer",
  iceServers: [],
  iceServersTtlMs: null,
});

describe("decideResume", () => {
  it("with nothing missed, only starts the pairs over", () => {
    expect(decideResume(known, resumed("ada", ["ada", "bob", "cat"]), false)).toEqual([["start-over"]]);
  });

  it("replays leaves (as timeouts), then joins, then the restarts, and a new host last", () => {
    expect(decideResume(known, resumed("dan", ["bob", "dan"]), true)).toEqual([
      ["peer:left", { id: "ada", reason: "timeout" }],
      ["peer:left", { id: "cat", reason: "timeout" }],
      ["peer:joined", member("dan")],
      ["restart-webrtc"],
      ["start-over"],
      ["host:changed", { hostId: "dan" }],
    ]);
  });
});
