import { describe, expect, it } from "vitest";
import { errorMessage } from "./error-messages.js";

describe("errorMessage", () => {
  it.each([
    ["room-not-found", /^No room has that code/],
    ["room-full", /^That room is full/],
    ["room-locked", /^That room is locked/],
    ["kicked", /^The host removed you from that room/],
    ["server-unreachable", /^Cannot reach the game server/],
    ["timeout", /did not answer in time/],
    ["origin-not-allowed", /does not accept pages from this site/],
    ["no-room-found", /^No public game has a seat free/],
  ] as const)("explains %s", (code, expected) => {
    expect(errorMessage({ code, message: "raw" })).toMatch(expected);
  });

  it("keeps the server's words on which side of a version mismatch is too old", () => {
    const message = "The client is too old: client speaks protocol 1, server speaks 2";
    expect(errorMessage({ code: "incompatible-version", message })).toBe(
      `This page and the game server speak different protocol versions (${message}). Reload the page; if that does not help, the server needs updating.`,
    );
  });

  it("falls back to the library's own message for anything else", () => {
    expect(errorMessage({ code: "internal", message: "Something broke" })).toBe("Something broke");
  });
});
