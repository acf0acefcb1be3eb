import { waitDeliberately } from "./deliberate-wait.js";
import type { Page } from "@playwright/test";

/** A ship as the demo last drew it (the page publishes these as `window.rallypointDemo.ships`, by member id). */
export interface RenderedShip {
  x: number;
  y: number;
  heading: number;
}

export const renderedShips = (page: Page): Promise<Record<string, RenderedShip>> =>
  page.evaluate(
    () =>
      (window as unknown as { rallypointDemo?: { ships: Record<string, RenderedShip> } }).rallypointDemo?.ships ?? {},
  );

const distance = (a: RenderedShip, b: RenderedShip): number => Math.hypot(b.x - a.x, b.y - a.y);

/**
 * Flies the own ship (`selfId`) to within `range` of another one (`targetId`) with the keyboard alone, as a player
 * would: turn towards it with A/D, short bursts of W, look again. Resolves with the distance reached.
 */
export async function flyTowards(page: Page, selfId: string, targetId: string, range: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ships = await renderedShips(page);
    const self = ships[selfId];
    const target = ships[targetId];
    if (!self || !target) throw new Error(`the arena does not show both ships: ${JSON.stringify(ships)}`);
    const gap = distance(self, target);
    if (gap < range) return gap;
    // Screen coordinates (y down): a positive angle error means "turn right" (D).
    const error = Math.atan2(
      Math.sin(bearing(self, target) - self.heading),
      Math.cos(bearing(self, target) - self.heading),
    );
    if (Math.abs(error) > 0.3)
      await hold(page, error > 0 ? "KeyD" : "KeyA", Math.min(300, (Math.abs(error) / 3.5) * 1000));
    else await hold(page, "KeyW", gap > 250 ? 200 : 80);
  }
  throw new Error(`could not fly within ${range} of the other ship in 30 s`);
}

function bearing(from: RenderedShip, to: RenderedShip): number {
  return Math.atan2(to.y - from.y, to.x - from.x);
}

async function hold(page: Page, key: string, ms: number): Promise<void> {
  await page.keyboard.down(key);
  await waitDeliberately(page, ms, `${key} held down to steer`);
  await page.keyboard.up(key);
}
