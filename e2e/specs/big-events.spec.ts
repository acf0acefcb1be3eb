import type { NetworkMode } from "@rallypoint/client";
import type { Page } from "@playwright/test";
import { waitDeliberately } from "../support/deliberate-wait.js";
import { expect, test } from "../support/fixtures.js";
import { expectLinks, openRoom, seatAll, type Seat } from "../support/mesh.js";

/** Limits.maxEventBytes: the largest event, in encoded bytes (the MessagePack of `[type, payload]`). */
const MAX_EVENT_BYTES = 1024 * 1024;

/**
 * Defines, in the page, `bigText(bodyBytes)`: a string of CJK and kana (3 bytes a character in UTF-8) and ASCII whose
 * event body ("big", text) is exactly `bodyBytes` encoded: fixarray (1), "big" (4), str32 header (5), the text.
 * Also records the page's `error` events. Made in the page, so the spec never ships megabytes through Playwright.
 */
async function prepare(page: Page): Promise<void> {
  await page.evaluate(() => {
    const bigText = (bodyBytes: number): string => {
      const bytes = bodyBytes - 10;
      const text = "漢字かな".repeat(Math.floor(bytes / 12)) + "x".repeat(bytes % 12);
      if (new TextEncoder().encode(text).byteLength !== bytes) throw new Error("bigText miscounted");
      return text;
    };
    const errors: string[] = [];
    window.rallypoint.net.on("error", (error) => errors.push((error as { code: string }).code));
    Object.assign(window, { bigText, bigErrors: errors });
  });
}

interface BigEventsWindow {
  bigText: (bodyBytes: number) => string;
  bigErrors: string[];
}

/**
 * Sends, in one go: small events 0..2 with a 1 MiB event (a new text each round, tagged by `round`) between each, and
 * optionally switches the network mode right after, while the big events are still on their way.
 */
async function sendInterleaved(sender: Seat, to: string, round: number, switchTo?: NetworkMode): Promise<void> {
  await sender.player.page.evaluate(
    ({ to, round, switchTo, max }) => {
      const { net } = window.rallypoint;
      const { bigText } = window as unknown as BigEventsWindow;
      for (let n = 0; n < 3; n++) {
        net.sendEvent("small", { round, n }, to);
        const tag = `${round}.${n}:`; // ASCII, so a byte a character
        if (n < 2) net.sendEvent("big", tag + bigText(max - tag.length), to);
      }
      if (switchTo) net.setMode(switchTo);
    },
    { to, round, switchTo: switchTo ?? null, max: MAX_EVENT_BYTES },
  );
}

/** What `receiver` got from `sender`, each big payload summed up as its tag, its UTF-8 byte length and its path. */
async function received(receiver: Seat, sender: Seat): Promise<string[]> {
  return receiver.player.page.evaluate(
    (from) =>
      (window.rallypoint.events as { from: string; type: string; payload: unknown; via: string }[])
        .filter((event) => event.from === from)
        .map(({ type, payload, via }) => {
          if (type !== "big") return `${type} ${JSON.stringify(payload)}`;
          const text = payload as string;
          return `big ${text.slice(0, text.indexOf(":"))} ${new TextEncoder().encode(text).byteLength} bytes ${text.slice(-4)} via ${via}`;
        }),
    sender.id,
  );
}

/** What the interleaved round `round` looks like on arrival: in order, each once, the big ones whole. */
function expectedRound(round: number, via: string | RegExp): (string | RegExp)[] {
  const bigBytes = MAX_EVENT_BYTES - 10;
  const lines: (string | RegExp)[] = [];
  for (let n = 0; n < 3; n++) {
    lines.push(`small ${JSON.stringify({ round, n })}`);
    if (n < 2) lines.push(via instanceof RegExp ? via : `big ${round}.${n} ${bigBytes} bytes かなxx via ${via}`);
  }
  return lines;
}

/** Polls until `receiver` has `expected.length` events from `sender`, checks them, then that no copy follows. */
async function expectArrived(receiver: Seat, sender: Seat, expected: (string | RegExp)[]): Promise<void> {
  const label = `events ${sender.player.label} -> ${receiver.player.label}`;
  await expect
    .poll(async () => (await received(receiver, sender)).length, { message: label, timeout: 30_000 })
    .toBeGreaterThanOrEqual(expected.length);
  await waitDeliberately(receiver.player.page, 500, "a duplicate would arrive right behind the original");
  const got = await received(receiver, sender);
  expect(got, label).toHaveLength(expected.length);
  expected.forEach((line, index) => {
    if (line instanceof RegExp) expect(got[index], label).toMatch(line);
    else expect(got[index], label).toBe(line);
  });
}

/** 1 MiB + 1 byte throws payload-too-large at the call; the session goes on (no `disconnected`, no `error`). */
async function expectOversizeRefused(sender: Seat): Promise<void> {
  const thrown = await sender.player.page.evaluate((max) => {
    const { bigText } = window as unknown as BigEventsWindow;
    try {
      window.rallypoint.net.sendEvent("big", bigText(max + 1));
      return null;
    } catch (error) {
      return (error as { code: string }).code;
    }
  }, MAX_EVENT_BYTES);
  expect(thrown).toBe("payload-too-large");
}

async function expectSessionIntact(seats: Seat[]): Promise<void> {
  for (const { player } of seats) {
    expect(await player.lifecycle("disconnected"), player.label).toEqual([]);
    expect(await player.page.evaluate(() => (window as unknown as BigEventsWindow).bigErrors), player.label).toEqual(
      [],
    );
    expect(await player.roomInfo(), player.label).toBeDefined();
  }
}

test.describe("events up to 1 MiB", () => {
  test("over WebRTC: 1 MiB events of CJK text arrive whole, once, in order with small ones; 1 MiB + 1 byte throws", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo");
    const [ada, bo] = seats as [Seat, Seat];
    await expectLinks(seats, () => "webrtc/webrtc");
    for (const { player } of seats) await prepare(player.page);

    await expectOversizeRefused(ada);
    await sendInterleaved(ada, bo.id, 1);
    await sendInterleaved(bo, ada.id, 1);
    await expectArrived(bo, ada, expectedRound(1, "webrtc"));
    await expectArrived(ada, bo, expectedRound(1, "webrtc"));

    await expectSessionIntact(seats);
    await expectLinks(seats, () => "webrtc/webrtc");
  });

  test("over the relay only: the same, paced within the default server's relay budget", async ({ libraryPlayers }) => {
    const options = { mode: "SIGNALING_ONLY" as const };
    const seats = await seatAll([await libraryPlayers.open("Ada", options), await libraryPlayers.open("Bo", options)]);
    const [ada, bo] = seats as [Seat, Seat];
    await expectLinks(seats, () => "relay/relay");
    for (const { player } of seats) await prepare(player.page);

    await expectOversizeRefused(bo);
    await sendInterleaved(ada, bo.id, 1);
    await expectArrived(bo, ada, expectedRound(1, "relay"));
    // A second round right after: 4 MiB within 10 s, past what the relay takes in one burst. (Both rounds at once
    // would be 4 MiB queued for one peer, its bound: the last event would be refused with send-buffer-full.)
    await sendInterleaved(ada, bo.id, 2);
    await expectArrived(bo, ada, [...expectedRound(1, "relay"), ...expectedRound(2, "relay")]);

    await expectSessionIntact(seats);
  });

  test("a path switch in the middle of 1 MiB events loses, doubles and reorders nothing", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo");
    const [ada, bo] = seats as [Seat, Seat];
    await expectLinks(seats, () => "webrtc/webrtc");
    for (const { player } of seats) await prepare(player.page);

    const eitherPath = (round: number, n: number): RegExp =>
      new RegExp(`^big ${round}\\.${n} ${MAX_EVENT_BYTES - 10} bytes かなxx via (webrtc|relay)$`);
    const eitherWay = (r: number): (string | RegExp)[] =>
      expectedRound(r, /x/).map((line, index) => (line instanceof RegExp ? eitherPath(r, (index - 1) / 2) : line));
    // Down to the relay while the chunks are on their way over WebRTC (at most 256 KiB of them left before the
    // switch, in the same task), so both big events are finished by the relay...
    await sendInterleaved(ada, bo.id, 1, "SIGNALING_ONLY");
    await expect.poll(async () => (await ada.player.links()).map((link) => link.path)).toEqual(["relay"]);
    await expectArrived(bo, ada, expectedRound(1, "relay"));
    // ...and back up while they go through the relay. (One round at a time: two at once would be 4 MiB queued for
    // one peer, its bound, and the last event would be refused with send-buffer-full.)
    await sendInterleaved(ada, bo.id, 2, "HYBRID");
    await expectArrived(bo, ada, [...expectedRound(1, "relay"), ...eitherWay(2)]);
    await expectLinks(seats, () => "webrtc/webrtc");

    await expectSessionIntact(seats);
  });
});
