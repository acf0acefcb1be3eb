import { describe, expect, it } from "vitest";
import { Limits } from "../limits.js";
import { PROTOCOL_VERSION } from "../protocol-version.js";
import { CreateRoomRequest } from "./room.js";
import { ListRoomsRequest, QuickJoinRequest, RoomFilter } from "./room-directory.js";

// Every bound at its edge, from both sides, as in room.test.ts: these schemas guard the server's directory.

const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, n) => [`k${n}`, n]));
const ok = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe("public room messages", () => {
  it("filters match strings, numbers and booleans on at most maxRoomFilterKeys keys", () => {
    expect(ok(RoomFilter, { mode: "ffa", ranked: true, level: 3 })).toBe(true);
    expect(ok(RoomFilter, keys(Limits.maxRoomFilterKeys))).toBe(true);
    expect(ok(RoomFilter, keys(Limits.maxRoomFilterKeys + 1))).toBe(false);
    expect(ok(RoomFilter, { mode: null })).toBe(false);
    expect(ok(RoomFilter, { mode: ["ffa"] })).toBe(false);
    expect(ok(RoomFilter, { "": "x" })).toBe(false);
    expect(ok(RoomFilter, { mode: "x".repeat(257) })).toBe(false);
  });

  it("pages of 1 to maxRoomListPage rooms, from a cursor as the server hands it out", () => {
    expect(ok(ListRoomsRequest, {})).toBe(true);
    expect(ok(ListRoomsRequest, { limit: Limits.maxRoomListPage, cursor: "03:K7M4QX" })).toBe(true);
    expect(ok(ListRoomsRequest, { limit: Limits.maxRoomListPage + 1 })).toBe(false);
    expect(ok(ListRoomsRequest, { limit: 0 })).toBe(false);
    expect(ok(ListRoomsRequest, { limit: 2.5 })).toBe(false);
    for (const cursor of ["K7M4QX", "3:K7M4QX", "03:", "03:k7m4qx", "(03:K7M4QX", "-", "+"]) {
      expect(ok(ListRoomsRequest, { cursor }), cursor).toBe(false);
    }
  });

  it("holds a new room's first properties, and a quick join's, to the room properties limit", () => {
    const within = { blob: "x".repeat(Limits.maxRoomPropertiesBytes - 20) };
    const over = { blob: "x".repeat(Limits.maxRoomPropertiesBytes) };
    const base = { protocolVersion: PROTOCOL_VERSION };
    expect(ok(CreateRoomRequest, { ...base, public: true, properties: within })).toBe(true);
    expect(ok(CreateRoomRequest, { ...base, properties: over })).toBe(false);
    expect(ok(CreateRoomRequest, { ...base, public: "yes" })).toBe(false);
    expect(ok(QuickJoinRequest, { ...base, filter: { mode: "ffa" }, create: { properties: within } })).toBe(true);
    expect(ok(QuickJoinRequest, { ...base, create: { properties: over } })).toBe(false);
    expect(ok(QuickJoinRequest, { filter: {} })).toBe(false);
  });
});
