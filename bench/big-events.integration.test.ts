import { afterEach, describe, expect, it } from "vitest";
import { Limits } from "@rallypoint/protocol";
// Client and server together, in one process: only bench/ may import both (eslint's workspace boundaries).
import { loadConfig } from "../signaling-server/src/config.js";
import { standaloneWithConfig } from "../signaling-server/src/standalone.js";
import { GameNetworkManager } from "../web-client/src/net/game-network-manager.js";
import type { NetworkError } from "../web-client/src/net/network-error.js";

const cleanups: (() => unknown)[] = [];
const onCleanup = (cleanup: () => unknown): void => {
  cleanups.push(cleanup);
};
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real server on an ephemeral port; `overrides` as environment variables. */
async function startTestServer(overrides: Record<string, string> = {}): Promise<{ url: string }> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...overrides });
  const server = standaloneWithConfig(config, {});
  const { port } = await server.listen();
  onCleanup(() => server.close());
  return { url: `http://127.0.0.1:${port}` };
}

/** The value of one sample on the server's /metrics; 0 when absent. */
async function metricValue(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith(`${sample} `));
  return line === undefined ? 0 : Number(line.split(" ").pop());
}

/**
 * Two library clients on the relay only (no WebRTC in Node), through a real server: the relay path of events up to
 * Limits.maxEventBytes, cut into chunk frames and paced to the server's budget by the client.
 */
async function relayPair(url: string) {
  const open = (name: string) => {
    const net = new GameNetworkManager({ serverUrl: url, name, mode: "SIGNALING_ONLY", leaveOnPageHide: false });
    const errors: NetworkError[] = [];
    // WebRTC's own failures in Node (no RTCPeerConnection) are beside the point here.
    net.on("error", (error) => error.code !== "webrtc" && errors.push(error));
    const ended: string[] = [];
    net.on("disconnected", (reason) => ended.push(reason));
    onCleanup(() => net.leave());
    return { net, errors, ended };
  };
  const ada = open("Ada");
  const bo = open("Bo");
  const room = await ada.net.createRoom();
  const boId = (await bo.net.joinRoom(room.code)).selfId;
  const received: unknown[] = [];
  bo.net.on("event", ({ type, payload }) => received.push(type === "big" ? (payload as string).length : payload));
  return { ada, bo, boId, received };
}

/** A string whose event body ("big", text) is exactly `bytes` encoded: CJK (3 bytes a character) and ASCII. */
function bigText(bytes: number): string {
  const room = bytes - 10; // fixarray (1), "big" (4), str32 header (5)
  return "漢字かな".repeat(Math.floor(room / 12)) + "x".repeat(room % 12);
}

const rateLimited = async (url: string): Promise<number> =>
  (await metricValue(url, 'rate_limited_total{limit="relay-bytes"}')) +
  (await metricValue(url, 'rate_limited_total{limit="relay-messages"}'));

describe("events up to 1 MiB over the relay", () => {
  it("arrive exactly once, in order with small ones, within the default server's budget: nothing refused", async () => {
    const server = await startTestServer();
    const { ada, bo, received } = await relayPair(server.url);
    const big = bigText(Limits.maxEventBytes);

    ada.net.sendEvent("n", 1);
    ada.net.sendEvent("big", big);
    ada.net.sendEvent("n", 2);
    ada.net.sendEvent("big", big);
    ada.net.sendEvent("n", 3);
    expect(() => ada.net.sendEvent("big", bigText(Limits.maxEventBytes + 1))).toThrow(/payload-too-large|limit/);

    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(5);
    expect(received).toEqual([1, big.length, 2, big.length, 3]);
    expect(await rateLimited(server.url)).toBe(0);
    expect(await metricValue(server.url, 'invalid_messages_total{reason="payload-too-large"}')).toBe(0);
    expect([...ada.errors, ...bo.errors]).toEqual([]);
    expect([...ada.ended, ...bo.ended]).toEqual([]);
    expect(ada.net.getLinks()[0]?.pendingEvents).toBe(0);
  }, 30_000);

  it("still arrive from a server that rate-limits them: refused chunks are sent again later, the session goes on", async () => {
    // A quarter of the library's pace, in 1 s windows: most chunks of a 1 MiB event are refused at first.
    const server = await startTestServer({ RELAY_BYTES_PER_SECOND: String(128 * 1024), RELAY_WINDOW_SECONDS: "1" });
    const { ada, bo, received } = await relayPair(server.url);
    const big = bigText(512 * 1024);

    ada.net.sendEvent("big", big);
    ada.net.sendEvent("n", 1);

    await expect.poll(() => received.length, { timeout: 25_000 }).toBe(2);
    expect(received).toEqual([big.length, 1]);
    expect(await rateLimited(server.url)).toBeGreaterThan(0);
    expect(await metricValue(server.url, 'sockets_dropped_total{reason="too-many-invalid-messages"}')).toBe(0);
    expect([...ada.errors, ...bo.errors]).toEqual([]);
    expect([...ada.ended, ...bo.ended]).toEqual([]);
  }, 40_000);
});
