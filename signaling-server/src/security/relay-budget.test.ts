import { describe, expect, it } from "vitest";
import { fullRelayBudget, takeRelayBudget } from "./relay-budget.js";

const limits = { relayMessagesPerSecond: 10, relayBytesPerSecond: 1000, relayWindowSeconds: 2 };

describe("relay budget", () => {
  it("lets a window's budget through at once, then refuses until the buckets refill", () => {
    const budget = fullRelayBudget(limits, 0);
    for (let n = 0; n < 20; n++) expect(takeRelayBudget(budget, limits, 10, 0)).toEqual({ ok: true });

    expect(takeRelayBudget(budget, limits, 10, 0)).toEqual({ ok: false, limit: "relay-messages", retryAfterMs: 100 });
    expect(takeRelayBudget(budget, limits, 10, 100)).toEqual({ ok: true });
  });

  it("refuses by bytes with the wait for the missing ones, taking nothing from either bucket", () => {
    const budget = fullRelayBudget(limits, 0);
    expect(takeRelayBudget(budget, limits, 1500, 0)).toEqual({ ok: true });

    expect(takeRelayBudget(budget, limits, 1000, 0)).toEqual({ ok: false, limit: "relay-bytes", retryAfterMs: 500 });
    expect(takeRelayBudget(budget, limits, 500, 0)).toEqual({ ok: true });
  });

  it("never refuses a sender within its rate, however long it sends", () => {
    const budget = fullRelayBudget(limits, 0);
    for (let at = 0; at < 60_000; at += 100) expect(takeRelayBudget(budget, limits, 100, at).ok).toBe(true);
  });

  it("counts an empty message as one byte and a huge one as a full bucket", () => {
    const budget = fullRelayBudget(limits, 0);
    expect(takeRelayBudget(budget, limits, 1_000_000, 0)).toEqual({ ok: true });
    expect(takeRelayBudget(budget, limits, 0, 0)).toEqual({ ok: false, limit: "relay-bytes", retryAfterMs: 1 });
  });
});
