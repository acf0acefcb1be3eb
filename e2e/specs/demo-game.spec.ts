import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures.js";

interface Rendered {
  ships: Record<string, { x: number; y: number }>;
}

const renderedShips = (page: Page): Promise<Rendered["ships"]> =>
  page.evaluate(() => (window as unknown as { rallypointDemo?: Rendered }).rallypointDemo?.ships ?? {});

test("two players steer ships; each sees the other move, the overlay shows the path and follows the mode", async ({
  players,
}, testInfo) => {
  const [ada, bo] = await players.create("Ada", "Bo");
  const consoleErrors: string[] = [];
  for (const player of [ada, bo]) {
    player.page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${player.label}: ${message.text()}`);
    });
  }
  await testInfo.attach("lobby.png", { body: await ada.page.screenshot(), contentType: "image/png" });

  const code = await ada.createRoom();
  await bo.joinByCode(code);
  const adaId = await ada.peerId();
  const boId = await bo.peerId();
  await expect(ada.pathTo(boId)).toHaveText("webrtc");

  // Both pages draw both ships.
  await expect.poll(async () => Object.keys(await renderedShips(bo.page)).sort()).toEqual([adaId, boId].sort());
  const start = (await renderedShips(ada.page))[adaId];

  // Ada steers with the keyboard: her own ship responds at once...
  await ada.page.locator("#arena").focus();
  await ada.page.keyboard.down("KeyW");
  await ada.page.waitForTimeout(800);
  await ada.page.keyboard.up("KeyW");
  const moved = (await renderedShips(ada.page))[adaId];
  expect(Math.hypot((moved?.x ?? 0) - (start?.x ?? 0), (moved?.y ?? 0) - (start?.y ?? 0))).toBeGreaterThan(60);

  // ...and Bo's screen follows it there (a little behind: the interpolation delay at up to 350 units/s).
  await expect
    .poll(async () => {
      const truth = (await renderedShips(ada.page))[adaId];
      const seen = (await renderedShips(bo.page))[adaId];
      return Math.hypot((seen?.x ?? Infinity) - (truth?.x ?? 0), (seen?.y ?? Infinity) - (truth?.y ?? 0));
    })
    .toBeLessThan(60);
  await testInfo.attach("game.png", { body: await bo.page.screenshot(), contentType: "image/png" });

  // The overlay lists Ada on Bo's page with the path the library reports, and follows a mode switch.
  await bo.page.getByRole("button", { name: /Network overlay/ }).click();
  const row = bo.page.getByTestId("overlay-rows").locator(`tr[data-peer-id="${adaId}"]`);
  await expect(row).toContainText("WebRTC direct");
  await testInfo.attach("overlay.png", { body: await bo.page.screenshot(), contentType: "image/png" });
  await ada.page.getByRole("button", { name: /Network overlay/ }).click();
  await bo.page.getByTestId("mode-select").selectOption("SIGNALING_ONLY");
  await ada.page.getByTestId("mode-select").selectOption("SIGNALING_ONLY");
  await expect(row).toContainText("Socket.IO relay");
  await expect(bo.pathTo(adaId)).toHaveText("relay");

  expect(consoleErrors).toEqual([]);
});
