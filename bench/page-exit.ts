/**
 * Closing and reloading a page, with the built server's defaults (RELOAD_WINDOW_MS 750): two real Chromium players
 * in a room, then, trial after trial, one closes its page (how long until the other sees `peer-left` `left`: issue
 * #13's goal is under 1 s) or reloads it (does the reloaded page get its seat back, same id, and how long from the
 * reload to the seat). Run with `npm run bench:page-exit` from the repository root (it builds first).
 */
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "@playwright/test";
import { findBrowser } from "../e2e/support/find-browser.js";
import { CHROMIUM_ARGS } from "../e2e/support/chromium-args.js";
import { LibraryPlayer, type LifecycleEvent } from "../e2e/support/library-player.js";
import { startBenchServer } from "./support/bench-server.js";
import { envInteger } from "./support/env-integer.js";
import { summarize, type Summary } from "./support/stats.js";

const TRIALS = envInteger(process.env, "BENCH_TRIALS", 10, 1);
const STEP_TIMEOUT_MS = 10_000;
const serverEntry = fileURLToPath(new URL("../signaling-server/dist/main.js", import.meta.url));

/** Polls `read` until it gives a value, or fails after STEP_TIMEOUT_MS. */
async function waitFor<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A page of its own on the server, with the library's manager in it (see LibraryPlayer). */
async function openPlayer(browser: Browser, url: string, label: string): Promise<LibraryPlayer> {
  const context = await browser.newContext({ baseURL: url, permissions: ["microphone"] });
  // tsx compiles the functions this process hands to the page with calls to its module-level `__name` helper.
  await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
  const page = await context.newPage();
  await page.goto("/healthz");
  return LibraryPlayer.start(page, label);
}

async function pair(
  browser: Browser,
  url: string,
): Promise<{ ada: LibraryPlayer; bo: LibraryPlayer; code: string; boId: string }> {
  const ada = await openPlayer(browser, url, "Ada");
  const bo = await openPlayer(browser, url, "Bo");
  const { code } = await ada.createRoom();
  const { selfId: boId } = await bo.joinRoom(code);
  await waitFor("Ada to see Bo", async () => ((await ada.roomInfo())?.members.length === 2 ? true : undefined));
  return { ada, bo, code, boId };
}

const leftOf = (events: LifecycleEvent[], id: string): LifecycleEvent | undefined =>
  events.find((entry) => entry.event === "peer-left" && (entry.value as { id: string }).id === id);

/** Closes Bo's page; ms from the close to Ada's `peer-left`, and its reason. */
async function closeTrial(browser: Browser, url: string): Promise<{ ms: number; reason: string }> {
  const { ada, bo, boId } = await pair(browser, url);
  const closedAt = Date.now();
  await bo.page.close();
  const left = await waitFor("peer-left", async () => leftOf(await ada.lifecycle(), boId));
  await ada.close();
  await bo.close();
  return { ms: left.at - closedAt, reason: (left.value as { reason: string }).reason };
}

/** Reloads Bo's page and rejoins as a game does on load; whether it got its seat back, and how long it took. */
async function reloadTrial(
  browser: Browser,
  url: string,
): Promise<{ ms: number; sameSeat: boolean; sawLeft: boolean }> {
  const { ada, bo, code, boId } = await pair(browser, url);
  const reloadedAt = Date.now();
  await bo.page.reload();
  const kept = await bo.startAgain();
  const { selfId } = await bo.joinRoom(kept ?? code);
  const ms = Date.now() - reloadedAt;
  const sawLeft = leftOf(await ada.lifecycle(), boId) !== undefined;
  await ada.close();
  await bo.close();
  return { ms, sameSeat: selfId === boId, sawLeft };
}

const show = (summary: Summary | null): string =>
  summary
    ? `median ${summary.median.toFixed(0)} ms, p95 ${summary.p95.toFixed(0)} ms, max ${summary.max.toFixed(0)} ms`
    : "none";

async function main(): Promise<void> {
  const server = await startBenchServer(serverEntry, STEP_TIMEOUT_MS);
  const browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
  try {
    const closes = [];
    const reloads = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      closes.push(await closeTrial(browser, server.url));
      reloads.push(await reloadTrial(browser, server.url));
    }
    const within = closes.filter((close) => close.ms < 1000 && close.reason === "left").length;
    console.log(`page closed -> the other sees peer-left: ${show(summarize(closes.map((close) => close.ms)))}`);
    console.log(
      `  reasons: ${[...new Set(closes.map((close) => close.reason))].join(", ")}; under 1 s: ${within}/${TRIALS}`,
    );
    console.log(`page reloaded -> seat back: ${show(summarize(reloads.map((reload) => reload.ms)))}`);
    const kept = reloads.filter((reload) => reload.sameSeat && !reload.sawLeft).length;
    console.log(`  same seat, no peer-left: ${kept}/${TRIALS}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
