import { describe, expect, it } from "vitest";
import { Limits } from "../limits.js";
import {
  CreateRoomRequest,
  IceGrant,
  JoinRoomRequest,
  Member,
  MemberId,
  ResumeRoomRequest,
  ResumeToken,
  RoomJoined,
  ServerShutdown,
} from "./room.js";

// Every bound at its edge, from both sides: these schemas guard the server against untrusted clients, so a rule
// that loosened (a check lost in a rewrite) must fail here rather than pass quietly.

const x = (length: number): string => "x".repeat(length);
const joined = {
  iceServers: [{ urls: "stun:stun.example.com" }],
  iceServersTtlMs: null,
  code: "K7M4QX",
  selfId: "ada",
  hostId: "ada",
  members: [{ id: "ada", name: "Ada", joinedAt: 1 }],
  resumeToken: x(16),
  resumeGraceMs: 30_000,
  peerToken: "secret",
};

describe("room messages", () => {
  it.each([
    ["", false],
    [x(1), true],
    [x(64), true],
    [x(65), false],
    [7, false],
  ])("member id %j: accepted %s", (id, accepted) => {
    expect(MemberId.safeParse(id).success).toBe(accepted);
  });

  it("trims a player name before measuring it, and refuses one that is empty after trimming", () => {
    const named = (name: unknown) => CreateRoomRequest.safeParse({ protocolVersion: 2, name });
    expect(named("  Ada  ").data).toEqual({ protocolVersion: 2, name: "Ada" });
    expect(named(` ${x(Limits.maxNameLength)} `).success).toBe(true);
    expect(named(x(Limits.maxNameLength + 1)).success).toBe(false);
    expect(named("   ").success).toBe(false);
    expect(named("").success).toBe(false);
    expect(CreateRoomRequest.safeParse({ protocolVersion: 2 }).success).toBe(true);
  });

  it.each([2, 0, -1])("takes whole protocol versions (%j)", (protocolVersion) => {
    expect(CreateRoomRequest.safeParse({ protocolVersion }).success).toBe(true);
  });

  it.each([2.5, "2", Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, undefined])(
    "refuses a protocol version that is not a safe whole number (%j)",
    (protocolVersion) => {
      expect(CreateRoomRequest.safeParse({ protocolVersion }).success).toBe(false);
      expect(JoinRoomRequest.safeParse({ code: "K7M4QX", protocolVersion }).success).toBe(false);
    },
  );

  it("reads a room code as typed, at most 32 characters before normalizing, and refuses a non-code", () => {
    const join = (code: unknown) => JoinRoomRequest.safeParse({ code, protocolVersion: 2 });
    expect(join("k7m-4qx").data).toEqual({ code: "K7M4QX", protocolVersion: 2 });
    expect(join(`k7m4qx${" ".repeat(26)}`).data?.code).toBe("K7M4QX");
    expect(join(`k7m4qx${" ".repeat(27)}`).success).toBe(false);
    expect(join("K7M4Q0").error?.issues[0]?.message).toBe("not a room code");
    expect(join("K7M4Q").success).toBe(false);
    expect(join(123456).success).toBe(false);
  });

  it("bounds what room:resume carries", () => {
    const resume = (fields: object) =>
      ResumeRoomRequest.safeParse({
        code: "k7m 4qx",
        memberId: "ada",
        resumeToken: x(16),
        protocolVersion: 2,
        ...fields,
      });
    expect(resume({}).data?.code).toBe("K7M4QX");
    expect(resume({ resumeToken: x(128) }).success).toBe(true);
    expect(resume({ resumeToken: x(129) }).success).toBe(false);
    expect(resume({ memberId: "" }).success).toBe(false);
    expect(resume({ code: "nope" }).success).toBe(false);
    expect(resume({ protocolVersion: 1.5 }).success).toBe(false);
  });

  it.each([
    [x(15), false],
    [x(16), true],
    [x(128), true],
    [x(129), false],
  ])("resume token of %#: accepted %s", (token, accepted) => {
    expect(ResumeToken.safeParse(token).success).toBe(accepted);
  });

  it.each([
    [null, true],
    [1, true],
    [3_600_000, true],
    [0, false],
    [-1, false],
    [1.5, false],
    [undefined, false],
  ])("ICE credentials lifetime %j: accepted %s", (iceServersTtlMs, accepted) => {
    expect(IceGrant.safeParse({ iceServers: [], iceServersTtlMs }).success).toBe(accepted);
  });

  it("takes an ICE server's urls as one string or a list of strings", () => {
    const grant = (urls: unknown) => IceGrant.safeParse({ iceServers: [{ urls }], iceServersTtlMs: null });
    expect(grant("turn:a").success).toBe(true);
    expect(grant(["turn:a", "turns:b"]).success).toBe(true);
    expect(grant([1]).success).toBe(false);
    expect(grant(undefined).success).toBe(false);
  });

  it("holds RoomJoined to IceGrant's fields and its own bounds", () => {
    expect(RoomJoined.safeParse(joined).success).toBe(true);
    expect(RoomJoined.safeParse({ ...joined, resumeGraceMs: 0 }).success).toBe(true);
    expect(RoomJoined.safeParse({ ...joined, resumeGraceMs: -1 }).success).toBe(false);
    expect(RoomJoined.safeParse({ ...joined, resumeGraceMs: 0.5 }).success).toBe(false);
    expect(RoomJoined.safeParse({ ...joined, peerToken: "" }).success).toBe(false);
    expect(RoomJoined.safeParse({ ...joined, resumeToken: x(15) }).success).toBe(false);
    expect(RoomJoined.safeParse({ ...joined, iceServersTtlMs: 0 }).success).toBe(false);
    expect(RoomJoined.safeParse({ ...joined, iceServers: undefined }).success).toBe(false);
  });

  it("drops properties a message does not define", () => {
    expect(Member.parse({ id: "ada", name: "Ada", joinedAt: 1, isAdmin: true })).toEqual({
      id: "ada",
      name: "Ada",
      joinedAt: 1,
    });
  });

  it.each([
    [0, true],
    [5000, true],
    [-1, false],
    [0.5, false],
  ])("server shutdown retryAfterMs %j: accepted %s", (retryAfterMs, accepted) => {
    expect(ServerShutdown.safeParse({ retryAfterMs }).success).toBe(accepted);
  });
});
