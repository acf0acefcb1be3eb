import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RefreshSchedule } from "./refresh-schedule.js";

const TIMING = { intervalMs: 5000, minGapMs: 1000 };

/** A load that counts its calls and settles when the test says so. */
function recorder() {
  const pending: (() => void)[] = [];
  const load = vi.fn(() => new Promise<void>((resolve) => pending.push(resolve)));
  const settle = async (): Promise<void> => {
    pending.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { load, settle };
}

describe("RefreshSchedule", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("loads at once when shown, then every interval after each load settles", async () => {
    const { load, settle } = recorder();
    new RefreshSchedule(load, TIMING).setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000); // the first load is slow: no second one meanwhile
    expect(load).toHaveBeenCalledTimes(1);
    await settle();
    await vi.advanceTimersByTimeAsync(4999);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("stops while hidden and loads again when shown", async () => {
    const { load, settle } = recorder();
    const schedule = new RefreshSchedule(load, TIMING);
    schedule.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    schedule.setActive(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(load).toHaveBeenCalledTimes(1);
    schedule.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("keeps a mashed Refresh button to one load per gap", async () => {
    const { load, settle } = recorder();
    const schedule = new RefreshSchedule(load, TIMING);
    schedule.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    schedule.refreshNow(); // while loading: nothing more
    await settle();
    for (let press = 0; press < 10; press++) schedule.refreshNow();
    await vi.advanceTimersByTimeAsync(999);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("never runs two loads at once when shown again mid-load", async () => {
    const { load, settle } = recorder();
    const schedule = new RefreshSchedule(load, TIMING);
    schedule.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    schedule.setActive(false);
    schedule.setActive(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(load).toHaveBeenCalledTimes(1);
    await settle();
    await vi.advanceTimersByTimeAsync(5000);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("ignores Refresh while hidden", async () => {
    const { load } = recorder();
    new RefreshSchedule(load, TIMING).refreshNow();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(load).not.toHaveBeenCalled();
  });
});
