import { expect, test } from "../support/fixtures.js";
import { screenshot } from "../support/artifacts.js";
import { flyTowards, renderedShips } from "../support/arena.js";
import { expectHealthy } from "../support/player-page.js";
import { waitDeliberately } from "../support/deliberate-wait.js";

test.describe("demo game", () => {
  test("two players steer ships; each sees the other move", async ({ players, baseURL }, testInfo) => {
    const [ada, bo] = await players.create("Ada", "Bo");
    await screenshot(ada.page, testInfo, "lobby");

    const code = await ada.createRoom();
    await bo.joinByCode(code);
    const adaId = await ada.peerId();
    const boId = await bo.peerId();
    await expect(ada.pathTo(boId)).toHaveText("webrtc");
    await expect(ada.member(adaId).getByTestId("host-badge")).toBeVisible();
    await expect(bo.member(adaId).getByTestId("host-badge")).toBeVisible();
    await expect(bo.member(boId).getByTestId("host-badge")).toHaveCount(0);

    // Both pages draw both ships.
    await expect.poll(async () => Object.keys(await renderedShips(bo.page)).sort()).toEqual([adaId, boId].sort());
    const start = (await renderedShips(ada.page))[adaId];

    // Ada steers with the keyboard: her own ship responds at once...
    await ada.page.locator("#arena").focus();
    // (Held until the ship has gone 60 units rather than for a set time: a busy machine drops frames, and the game
    // caps each frame's step.)
    await ada.page.keyboard.down("KeyW");
    await expect
      .poll(async () => {
        const moved = (await renderedShips(ada.page))[adaId];
        return Math.hypot((moved?.x ?? 0) - (start?.x ?? 0), (moved?.y ?? 0) - (start?.y ?? 0));
      })
      .toBeGreaterThan(60);
    await ada.page.keyboard.up("KeyW");

    // ...and Bo's screen follows it there (a little behind: the interpolation delay at up to 350 units/s).
    await expect
      .poll(async () => {
        const truth = (await renderedShips(ada.page))[adaId];
        const seen = (await renderedShips(bo.page))[adaId];
        return Math.hypot((seen?.x ?? Infinity) - (truth?.x ?? 0), (seen?.y ?? Infinity) - (truth?.y ?? 0));
      })
      .toBeLessThan(60);
    await screenshot(bo.page, testInfo, "game");
    expectHealthy(baseURL, ada, bo);
  });

  test("the overlay lists every peer with its path, state and live numbers, and follows a mode switch", async ({
    players,
    baseURL,
  }, testInfo) => {
    const [ada, bo, cy] = await players.create("Ada", "Bo", "Cy");
    const code = await ada.createRoom();
    await bo.joinByCode(code);
    await cy.joinByCode(code);
    const [adaId, boId, cyId] = await Promise.all([ada.peerId(), bo.peerId(), cy.peerId()]);
    await expect(ada.pathTo(boId)).toHaveText("webrtc");

    // Cy keeps to the relay; the pair Ada-Bo stays on WebRTC.
    await cy.openOverlay();
    await cy.page.getByTestId("mode-select").selectOption("SIGNALING_ONLY");
    await ada.openOverlay();
    await expect(ada.overlayCell(boId, "path")).toHaveText("WebRTC direct");
    await expect(ada.overlayCell(cyId, "path")).toHaveText("Socket.IO relay");
    await expect(cy.overlayCell(adaId, "path")).toHaveText("Socket.IO relay");
    await expect(cy.overlayCell(boId, "path")).toHaveText("Socket.IO relay");
    await expect(ada.overlayRows).toHaveCount(2);

    // Every field of a row is filled in once a few samples are in.
    const row = (field: string) => ada.overlayCell(boId, field);
    await expect(row("peer")).toContainText("Bo");
    await expect(row("state")).toHaveText("webrtc");
    await expect(row("rtt")).toHaveText(/^\d+\.\d ms$/);
    await expect(row("loss")).toHaveText(/^\d+%$/);
    await expect(row("messages")).toHaveText(/^[1-9]\d* \/ [1-9]\d*$/);
    await expect(row("bytes")).toHaveText(/^\d+(\.\d)? k?B \/ \d+(\.\d)? k?B$/);
    await expect(row("jitter")).toHaveText(/ms$/);
    await expect(row("delay")).toHaveText(/^\d+\.\d ms$/);
    await expect(row("offset")).toHaveText(/^-?\d+\.\d ms$/);
    await waitDeliberately(ada.page, 3000, "a few seconds of history in the charts");
    await screenshot(ada.page, testInfo, "overlay");

    // Back to HYBRID: Cy's pairs upgrade to WebRTC again, and the overlays say so.
    await cy.page.getByTestId("mode-select").selectOption("HYBRID");
    await expect(ada.overlayCell(cyId, "path")).toHaveText("WebRTC direct", { timeout: 20_000 });
    await expect(cy.overlayCell(boId, "path")).toHaveText("WebRTC direct", { timeout: 20_000 });
    expectHealthy(baseURL, ada, bo, cy);
  });

  test("a tag is a reliable event: the tagged player sees it exactly once, on screen and in the log", async ({
    players,
    baseURL,
  }, testInfo) => {
    const [ada, bo] = await players.create("Ada", "Bo");
    await bo.joinByCode(await ada.createRoom());
    const adaId = await ada.peerId();
    const boId = await bo.peerId();
    await expect.poll(async () => Object.keys(await renderedShips(ada.page)).length).toBe(2);

    // Ada flies up to Bo's ship and presses Space; a ship still coasting may have to come round again.
    await ada.page.locator("#arena").focus();
    await expect(async () => {
      await flyTowards(ada.page, adaId, boId, 100);
      await ada.page.keyboard.press("Space");
      await expect(ada.toast).toHaveText("You tagged Bo!", { timeout: 1000 });
    }).toPass({ timeout: 45_000 });

    await expect(bo.toast).toHaveText("Ada tagged you!");
    await screenshot(bo.page, testInfo, "tagged");
    await expect(bo.eventsFrom(adaId, "Ada tagged you!")).toHaveCount(1);
    await waitDeliberately(bo.page, 2000, "a second copy (a resend that was not dropped) would show up by now");
    await expect(bo.eventsFrom(adaId)).toHaveCount(1);
    await expect(bo.eventsFrom(adaId)).toHaveAttribute("data-type", "tag");
    expectHealthy(baseURL, ada, bo);
  });

  test("the overlay's network check says in words what the NAT doctor found", async ({ players, baseURL }) => {
    const [ada] = await players.create("Ada");
    await ada.createRoom();
    await ada.openOverlay();

    await ada.page.getByRole("button", { name: "Check my network" }).click();

    // This server lists no STUN or TURN server: the honest verdict is that the check cannot tell.
    const status = ada.page.getByTestId("diagnosis-status");
    await expect(status).toHaveAttribute("data-outlook", "unknown");
    await expect(status).toHaveText(/^The server offers no STUN or TURN server, .* \(checked in \d+\.\d s\)$/);
    await expect(ada.page.getByTestId("diagnosis-findings").getByRole("listitem")).toContainText([
      "NAT: unknown, no STUN server answered.",
      "UDP: unknown, the server lists no ICE server to reach over UDP.",
      /^WebRTC: the server offers no STUN or TURN server/,
    ]);
    expectHealthy(baseURL, ada);
  });

  test("latency set in the overlay's simulated network shows in both players' RTT", async ({ players, baseURL }) => {
    const [ada, bo] = await players.create("Ada", "Bo");
    await bo.joinByCode(await ada.createRoom());
    const [adaId, boId] = await Promise.all([ada.peerId(), bo.peerId()]);
    // Each player's view of the other: the two are read side by side, as they change side by side.
    const views = [
      { viewer: ada, other: boId },
      { viewer: bo, other: adaId },
    ] as const;
    await Promise.all(views.map(({ viewer }) => viewer.openOverlay()));
    // Before: a loopback RTT, far under the 300 ms about to be added (polled: a busy moment can show a stall).
    await Promise.all(
      views.map(({ viewer, other }) =>
        expect.poll(async () => (await viewer.overlayRttMs(other)) ?? Infinity).toBeLessThan(200),
      ),
    );

    const panel = bo.page.getByTestId("conditions");
    await panel.getByLabel("Latency").fill("300");
    await panel.getByRole("button", { name: "Apply" }).click();
    await expect(bo.page.getByTestId("conditions-status")).toHaveText(/^Simulating \+300 ms RTT/);
    await expect(bo.page.getByTestId("conditions-preset")).toHaveValue("custom");
    // One heartbeat a second, smoothed: the RTT shown climbs over several seconds. That the library adds the
    // latency once, not twice, network-conditioner.spec.ts checks on event round trips: a smoothed RTT passes through
    // every value on its way up, and a busy machine's stalls push it far above, so it cannot tell.
    await Promise.all(
      views.map(({ viewer, other }) =>
        expect
          .poll(async () => (await viewer.overlayRttMs(other)) ?? 0, {
            message: `${viewer.label}'s overlay shows the RTT carrying the added 300 ms`,
            timeout: 30_000,
          })
          .toBeGreaterThan(280),
      ),
    );
    expectHealthy(baseURL, ada, bo);
  });

  test("the overlay's simulated network refuses a bad value in words, and turns off", async ({ players, baseURL }) => {
    const [ada] = await players.create("Ada");
    await ada.createRoom();
    await ada.simulateNetwork("3G");
    const status = ada.page.getByTestId("conditions-status");
    await expect(status).toHaveText(/^Simulating \+200 ms RTT/);

    // The library refuses it, and says why; the panel shows its words.
    const panel = ada.page.getByTestId("conditions");
    await panel.getByLabel("Loss").fill("150");
    await panel.getByRole("button", { name: "Apply" }).click();
    await expect(status).toHaveText("Not applied: lossPercent must be from 0 to 100, got 150");
    await ada.simulateNetwork("Off: the real network");
    await expect(status).toHaveText(/^Off/);
    expectHealthy(baseURL, ada);
  });
});
