import { describe, expect, it } from "vitest";
import { roomCodeOfMember, scopedMemberId } from "./member-id.js";

describe("room-scoped member ids", () => {
  it("carry their room code", () => {
    const id = scopedMemberId("K7MQ2X", "3b0c8a4e-5d1f-4c2a-9e7b-0a1b2c3d4e5f");
    expect(roomCodeOfMember(id)).toBe("K7MQ2X");
  });

  it("are valid PeerJS ids (alphanumerics joined by _ or -)", () => {
    expect(scopedMemberId("K7MQ2X", "3b0c8a4e-5d1f")).toMatch(/^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/);
  });

  it("tell an unscoped id apart", () => {
    expect(roomCodeOfMember("no-room-here")).toBeUndefined();
    expect(roomCodeOfMember("_leading")).toBeUndefined();
  });
});
