import { expect, test } from "../support/fixtures.js";
import { PHONE, sideScroll } from "../support/screens.js";
import { screenshot } from "../support/artifacts.js";
import { renderedShips } from "../support/arena.js";
import { expectHealthy } from "../support/player-page.js";
import { withProtocolVersion } from "../support/stale-page.js";

/** The title screen and lobby reached from a phone, from the keyboard alone, and explained when something goes wrong. */
test.describe("demo lobby", () => {
  test("works on a phone-sized touch screen", async ({ players, baseURL }, testInfo) => {
    const phone = await players.open("Pat", PHONE);
    // No keyboard: the title says how to play by touch.
    await expect(phone.page.getByText("On-screen arrows: fly")).toBeVisible();
    await expect(phone.page.getByText("or arrows: fly")).toBeHidden();
    await screenshot(phone.page, testInfo, "phone-lobby");
    // Nothing sticks out sideways: the page does not scroll horizontally.
    const overflow = await sideScroll(phone.page);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const control of [phone.nameInput, phone.createRoomButton, phone.codeInput, phone.joinRoomButton]) {
      const box = await control.boundingBox();
      expect(box?.height ?? 0, "touch targets are at least 40 px tall").toBeGreaterThanOrEqual(40);
    }

    await phone.createRoom();
    const selfId = await phone.peerId();
    // On a touch screen the on-screen controls steer: hold thrust for a moment.
    const thrust = phone.page.getByRole("button", { name: "Thrust" });
    await expect(thrust).toBeVisible();
    const start = (await renderedShips(phone.page))[selfId];
    const travelled = async (): Promise<number> => {
      const moved = (await renderedShips(phone.page))[selfId];
      return Math.hypot((moved?.x ?? 0) - (start?.x ?? 0), (moved?.y ?? 0) - (start?.y ?? 0));
    };
    // Held down until the ship has flown a good way (a busy machine renders fewer frames in a given time).
    await thrust.dispatchEvent("pointerdown");
    await expect.poll(travelled).toBeGreaterThan(40);
    await thrust.dispatchEvent("pointerup");
    await screenshot(phone.page, testInfo, "phone-game");
    expect((await sideScroll(phone.page)) <= 0).toBe(true);
    expectHealthy(baseURL, phone);
  });

  test("can be played with the keyboard alone", async ({ players, baseURL }) => {
    const [ada] = await players.create("Ada");
    const { page } = ada;
    // Tab from the top of the page to the name field, type, and create the room with Enter.
    await page.keyboard.press("Tab");
    await expect(ada.nameInput).toBeFocused();
    await page.keyboard.type("Ada");
    await page.keyboard.press("Enter");
    await expect(ada.roomCode).toHaveText(/^[A-Z0-9]{6}$/);
    await expect(page.getByRole("img", { name: /Arena/ })).toBeFocused();

    // Steer, open the overlay with the backquote key, then Tab to "Leave room" and press it.
    const selfId = await ada.peerId();
    const start = (await renderedShips(page))[selfId];
    await page.keyboard.down("ArrowUp");
    await expect
      .poll(async () => {
        const moved = (await renderedShips(page))[selfId];
        return Math.hypot((moved?.x ?? 0) - (start?.x ?? 0), (moved?.y ?? 0) - (start?.y ?? 0));
      })
      .toBeGreaterThan(20);
    await page.keyboard.up("ArrowUp");
    await page.keyboard.press("Backquote");
    await expect(page.getByTestId("overlay")).toBeVisible();
    await expect(ada.overlayButton).toHaveAttribute("aria-expanded", "true");

    // From the arena back to the HUD's last button.
    await page.keyboard.press("Shift+Tab");
    await expect(ada.leaveRoomButton).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(ada.createRoomButton).toBeVisible();
    await expect(ada.createRoomButton).toBeFocused();
    expectHealthy(baseURL, ada);
  });

  test("explains what went wrong: no such room, a malformed code, a server out of reach, a version mismatch", async ({
    players,
  }) => {
    const [ada] = await players.create("Ada");

    await ada.submitJoin("");
    await expect(ada.error).toHaveText("Enter the room code you were given, or create a room.");
    await expect(ada.codeInput).toBeFocused();
    await ada.submitJoin("K7M!");
    await expect(ada.error).toHaveText(/^"K7M!" is not a room code: codes are 6 letters and digits/);
    await ada.submitJoin("zz zz zz");
    await expect(ada.error).toHaveText(/^No room has that code/);

    // From here on the page's Socket.IO websockets go through this route (it patches the page, hence the reload):
    // first the server is out of reach, every websocket closing at once; then it is reached by a stale page, whose
    // protocol version is rewritten on the way.
    let server: "unreachable" | "stale-page" = "unreachable";
    await ada.page.routeWebSocket(/\/socket\.io\//, async (socket) => {
      if (server === "unreachable") {
        await socket.close();
        return;
      }
      const upstream = socket.connectToServer();
      socket.onMessage((message) => upstream.send(withProtocolVersion(message, 0)));
    });
    await ada.page.reload();

    await ada.createRoomButton.click();
    await expect(ada.error).toHaveText("Cannot reach the game server. Check your connection and try again.");

    server = "stale-page";
    await ada.createRoomButton.click();
    await expect(ada.error).toHaveText(
      /^This page and the game server speak different protocol versions \(The client is too old: client speaks protocol 0, server speaks \d+\)/,
    );
    await expect(ada.roomCode).toBeHidden();
    await expect(ada.createRoomButton).toBeEnabled();
  });
});
