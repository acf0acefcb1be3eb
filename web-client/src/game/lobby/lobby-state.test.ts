import { describe, expect, it } from "vitest";
import type { Member } from "../../net/index.js";
import { isWatching, playerView, readiness, smallerTeam } from "./lobby-state.js";

const member = (id: string, properties?: Record<string, unknown>): Member => ({
  id,
  name: id,
  joinedAt: 0,
  ...(properties && { properties: properties as Member["properties"] }),
});

describe("lobby state", () => {
  it("reads what a player sent, leaving out what is not one of the demo's values", () => {
    expect(playerView({ ready: true, team: "blue", color: "#4fd8ff" })).toEqual({
      ready: true,
      team: "blue",
      color: "#4fd8ff",
    });
    expect(playerView({ ready: "yes", team: "green", color: "url(javascript:1)" })).toEqual({
      ready: false,
      team: undefined,
      color: undefined,
    });
    expect(playerView(undefined)).toEqual({ ready: false, team: undefined, color: undefined });
  });

  it("lets a match start once two or more players are all ready", () => {
    expect(readiness([member("a", { ready: true })])).toEqual({ ready: 1, total: 1, canStart: false });
    expect(readiness([member("a", { ready: true }), member("b")])).toEqual({ ready: 1, total: 2, canStart: false });
    expect(readiness([member("a", { ready: true }), member("b", { ready: true })]).canStart).toBe(true);
  });

  it("leaves spectators out of the readiness count, and knows when this page watches", () => {
    const watcher = { ...member("w"), spectator: true as const };
    const members = [member("a", { ready: true }), member("b", { ready: true }), watcher];
    expect(readiness(members)).toEqual({ ready: 2, total: 2, canStart: true });
    expect(isWatching({ members, selfId: "w" })).toBe(true);
    expect(isWatching({ members, selfId: "a" })).toBe(false);
    expect(isWatching(undefined)).toBe(false);
  });

  it("puts a newcomer on the team with fewer players", () => {
    expect(smallerTeam([member("me")], "me")).toBe("red");
    expect(smallerTeam([member("a", { team: "red" }), member("me", { team: "red" })], "me")).toBe("blue");
    expect(smallerTeam([member("a", { team: "red" }), member("b", { team: "blue" })], "me")).toBe("red");
  });
});
