import { describe, expect, it } from "vitest";
import type { PublicRoom } from "../../net/index.js";
import type { DemoRoomProps } from "./lobby-state.js";
import { gameListing, listSummary, newRoomProperties } from "./public-games-state.js";

const room = (properties: Record<string, unknown>, members = 2, capacity = 8): PublicRoom<DemoRoomProps> => ({
  code: "K7MQ2X",
  properties,
  members,
  capacity,
});

describe("public games", () => {
  it("names a new room after its host, in the demo's mode", () => {
    expect(newRoomProperties(" Ada ")).toEqual({ name: "Ada's game", mode: "tag" });
    expect(newRoomProperties("")).toEqual({ name: "Player's game", mode: "tag" });
  });

  it("lists a room by its name and seats", () => {
    expect(gameListing(room({ name: "Ada's game", mode: "tag" }))).toEqual({
      code: "K7MQ2X",
      title: "Ada's game",
      seats: "2/8 players",
      isAlmostFull: false,
    });
    expect(gameListing(room({ name: "Duel" }, 1, 2)).isAlmostFull).toBe(true);
  });

  it("falls back to the code for a name that is missing, blank or not text, and shortens a long one", () => {
    expect(gameListing(room({})).title).toBe("Room K7MQ2X");
    expect(gameListing(room({ name: "   " })).title).toBe("Room K7MQ2X");
    expect(gameListing(room({ name: 42 })).title).toBe("Room K7MQ2X");
    const long = gameListing(room({ name: "🇫🇷".repeat(60) })).title;
    expect(long).toBe(`${"🇫🇷".repeat(39)}…`);
    expect(long.endsWith("…")).toBe(true);
  });

  it("sums the list up in words for screen readers", () => {
    expect(listSummary(0)).toBe("No public games right now — create one or quick join.");
    expect(listSummary(1)).toBe("1 public game to join.");
    expect(listSummary(3)).toBe("3 public games to join.");
  });
});
