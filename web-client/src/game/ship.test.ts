import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ARENA, spawnShip, stepShip, type ShipInput } from "./ship.js";

const idle: ShipInput = { thrust: false, left: false, right: false };

describe("ship", () => {
  it("moves along its heading under thrust", () => {
    let ship = { position: [100, 100] as [number, number], velocity: [0, 0] as [number, number], heading: 0 };
    for (let i = 0; i < 30; i++) ship = stepShip(ship, { ...idle, thrust: true }, 1 / 60);
    expect(ship.position[0]).toBeGreaterThan(100);
    expect(ship.position[1]).toBeCloseTo(100);
  });

  it("turns and slows down without input", () => {
    const turned = stepShip(
      spawnShip(() => 0.5),
      { ...idle, right: true },
      0.1,
    );
    expect(turned.heading).toBeGreaterThan(-Math.PI / 2);
    const drifting = stepShip({ position: [100, 100], velocity: [100, 0], heading: 0 }, idle, 0.1);
    expect(drifting.velocity[0]).toBeLessThan(100);
  });

  it("never leaves the arena", () => {
    const input = fc.record({ thrust: fc.boolean(), left: fc.boolean(), right: fc.boolean() });
    fc.assert(
      fc.property(fc.array(input, { maxLength: 300 }), (inputs) => {
        let ship = spawnShip(() => 0.5);
        for (const step of inputs) {
          ship = stepShip(ship, step, 1 / 30);
          expect(ship.position[0]).toBeGreaterThanOrEqual(0);
          expect(ship.position[0]).toBeLessThanOrEqual(ARENA.width);
          expect(ship.position[1]).toBeGreaterThanOrEqual(0);
          expect(ship.position[1]).toBeLessThanOrEqual(ARENA.height);
        }
      }),
    );
  });
});
