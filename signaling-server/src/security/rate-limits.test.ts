import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../config.js";
import { LOBBY_CHANGES, RateLimits } from "./rate-limits.js";

const limits = () => new RateLimits(loadConfig({}).limits, () => Promise.resolve(false));

describe("lobby changes per socket", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("never refuses a game that changes properties five times a second, for a minute", async () => {
    const rateLimits = limits();
    const checks = [];
    for (let tick = 0; tick < 5 * 60; tick++) {
      checks.push(await rateLimits.lobbyChange("socket-1"));
      vi.advanceTimersByTime(200);
    }
    expect(checks.filter((check) => !check.ok)).toEqual([]);
  });

  it("refuses a spammed toggle past the budget, for that socket only, until the window ends", async () => {
    const rateLimits = limits();
    for (let n = 0; n < LOBBY_CHANGES.points; n++) expect((await rateLimits.lobbyChange("spammer")).ok).toBe(true);

    expect(await rateLimits.lobbyChange("spammer")).toMatchObject({ ok: false, limit: "lobby-change" });
    expect((await rateLimits.lobbyChange("neighbour")).ok).toBe(true);
    vi.advanceTimersByTime(LOBBY_CHANGES.durationSeconds * 1000);
    expect((await rateLimits.lobbyChange("spammer")).ok).toBe(true);
  });
});
