import { test as base } from "./fixtures.js";
import { LibraryPlayer, type ManagerOptions } from "./library-player.js";
import { startScaleStack, type ScaleStack } from "./scale-stack.js";

export interface ScalePlayers {
  /**
   * A library player that loads the page from, and connects through, the front door of node `node` (which fails
   * over to the other node); closed when the test ends.
   */
  open(node: "A" | "B", label: string, options?: ManagerOptions): Promise<LibraryPlayer>;
}

/** A short grace window (as the default e2e server has) and a quick dead-node takeover, so specs see both. */
const SCALE_ENV = { RESUME_GRACE_MS: "5000", REDIS_NODE_TIMEOUT_MS: "2000" };

/** One stack per test: the failover test kills a node, so a stack is never reused. */
export const test = base.extend<{ scale: ScaleStack; scalePlayers: ScalePlayers }>({
  // Playwright reads the fixtures a fixture needs from its first parameter: this one needs none.
  // eslint-disable-next-line no-empty-pattern
  scale: async ({}, use, testInfo) => {
    const stack = await startScaleStack(SCALE_ENV);
    try {
      await use(stack);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("servers.log", { body: stack.output(), contentType: "text/plain" });
      }
      await stack.close();
    }
  },
  // Needs the stack, so the players close before it does.
  scalePlayers: async ({ browser, scale }, use) => {
    const opened: LibraryPlayer[] = [];
    await use({
      open: async (node, label, options) => {
        const front = node === "A" ? scale.frontA : scale.frontB;
        const player = await LibraryPlayer.open(browser, front.url, label, options);
        opened.push(player);
        return player;
      },
    });
    await Promise.all(opened.map((player) => player.close()));
  },
});

export { expect } from "@playwright/test";
