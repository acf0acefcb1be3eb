import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RELAY_PACE, RelayPacer } from "./relay-pacer.js";

describe("RelayPacer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const pace = { bytesPerSecond: 1000, burstBytes: 2000, minMessageCost: 100 };

  it("lets a burst through, then wakes waiting frames as the budget comes back", () => {
    const pacer = new RelayPacer(() => Date.now(), pace);
    const wake = vi.fn();
    expect(pacer.reserve(1500, wake)).toBe(true);
    expect(pacer.reserve(500, wake)).toBe(true);
    expect(pacer.reserve(500, wake)).toBe(false);
    expect(pacer.reserve(500, wake)).toBe(false);
    pacer.spend([1500, 500]);
    vi.advanceTimersByTime(499);
    expect(wake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(wake).toHaveBeenCalledTimes(1); // once, however often it asked
    expect(pacer.reserve(500, wake)).toBe(true);
  });

  it("takes what is sent unpaced (acks, state) from the same budget, and a message costs at least minMessageCost", () => {
    const pacer = new RelayPacer(() => Date.now(), pace);
    pacer.spend(Array.from({ length: 20 }, () => 10)); // 20 tiny messages: 2000
    expect(pacer.reserve(100, () => undefined)).toBe(false);
    vi.advanceTimersByTime(100);
    expect(pacer.reserve(100, () => undefined)).toBe(true);
  });

  it("keeps any 10 s of relaying within the server's default budget (1 MiB/s, 1000 messages/s, 10 s windows)", () => {
    const pacer = new RelayPacer();
    const sent: { at: number; bytes: number }[] = [];
    // A sender with endless 16 KiB chunks and small frames, trying every 10 ms for 30 s.
    for (let at = 0; at < 30_000; at += 10) {
      const sizes = [16_384, 16_384, 16_384, 40].filter((bytes) => pacer.reserve(bytes, () => undefined));
      for (const bytes of sizes) sent.push({ at, bytes });
      pacer.spend(sizes);
      vi.advanceTimersByTime(10);
    }
    for (let start = 0; start <= 20_000; start += 500) {
      const window = sent.filter(({ at }) => at >= start && at < start + 10_000);
      expect(window.reduce((sum, { bytes }) => sum + bytes, 0)).toBeLessThanOrEqual(10 * 1024 * 1024);
      expect(window.length).toBeLessThanOrEqual(10 * 1000);
    }
    // It is the pace, not the loop, that limits: a window carries about burst + 10 s of pace (each message costing
    // at least minMessageCost).
    const cost = (bytes: number): number => Math.max(bytes, RELAY_PACE.minMessageCost);
    const first = sent.filter(({ at }) => at < 10_000).reduce((sum, { bytes }) => sum + cost(bytes), 0);
    expect(first).toBeGreaterThan(0.9 * (RELAY_PACE.burstBytes + 10 * RELAY_PACE.bytesPerSecond));
    expect(first).toBeLessThanOrEqual(RELAY_PACE.burstBytes + 10 * RELAY_PACE.bytesPerSecond);
  });
});
