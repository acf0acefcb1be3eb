import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { StateThrottle } from "./state-throttle.js";

const sameNumber = (a: number, b: number): boolean => a === b;

describe("StateThrottle", () => {
  it("never sends more than tickRate per second, and every send is the latest state offered", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 40 }), value: fc.integer() }), { maxLength: 400 }),
        (tickRate, steps) => {
          const throttle = new StateThrottle<number>({ tickRate, keepaliveMs: 1000 }, sameNumber);
          const sentAt: number[] = [];
          let now = 0;
          for (const { dt, value } of steps) {
            now += dt;
            throttle.offer(value);
            const sent = throttle.take(now);
            if (sent !== null) {
              expect(sent).toBe(value);
              sentAt.push(now);
            }
          }
          for (let i = 1; i < sentAt.length; i++) {
            expect((sentAt[i] ?? 0) - (sentAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000 / tickRate);
          }
        },
      ),
    );
  });

  it("delivers the latest state once the interval has passed, even if it was offered long before", () => {
    const throttle = new StateThrottle<number>({ tickRate: 20, keepaliveMs: 1000 }, sameNumber);
    throttle.offer(1);
    expect(throttle.take(0)).toBe(1);
    throttle.offer(2);
    throttle.offer(3);
    expect(throttle.take(10)).toBeNull();
    expect(throttle.take(50)).toBe(3);
  });

  it("skips unchanged states except for a keepalive", () => {
    const throttle = new StateThrottle<number>({ tickRate: 20, keepaliveMs: 1000 }, sameNumber);
    throttle.offer(7);
    expect(throttle.take(0)).toBe(7);
    const sends = [100, 500, 999, 1000, 1500, 2000].filter((now) => throttle.take(now) !== null);
    expect(sends).toEqual([1000, 2000]);
  });

  it("sends nothing before a state is offered", () => {
    const throttle = new StateThrottle<number>({ tickRate: 20, keepaliveMs: 1000 }, sameNumber);
    expect(throttle.take(0)).toBeNull();
  });

  it("refuses a tick rate that is not positive", () => {
    expect(() => new StateThrottle<number>({ tickRate: 0, keepaliveMs: 1000 }, sameNumber)).toThrow(RangeError);
  });
});
