import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DataConnection } from "peerjs";
import { encodeEventBody, encodeFrame, type FrameBytes, type RelayChannel } from "@rallypoint/protocol";
import { NetworkMode } from "./network-mode.js";
import { PeerLink } from "./peer-link.js";
import type { PeerLinkHost } from "./peer-link-host.js";
import { TEST_LINK_CONFIG } from "../testing/link-config.js";
import type { LinkInfo } from "./link-info.js";
import { NetworkConditioner } from "./network-conditioner.js";

const config = TEST_LINK_CONFIG;

/**
 * Two links joined by an in-memory relay. Frames wait in a queue until `flush()`, and `dropNext` loses the next
 * frames sent, so tests decide exactly what arrives when. WebRTC never opens: dialing never completes.
 */
function relayPair(mode: NetworkMode = NetworkMode.Hybrid, conditionerOfA = new NetworkConditioner()) {
  const queue: { to: PeerLink; bytes: FrameBytes }[] = [];
  const received: Record<string, unknown[]> = { a: [], b: [] };
  const states: Record<string, unknown[]> = { a: [], b: [] };
  const changes: LinkInfo[] = [];
  let dropNext = 0;
  const links: Record<string, PeerLink> = {};
  const hostFor = (self: "a" | "b", other: "a" | "b"): PeerLinkHost => ({
    dial: () => new Promise<DataConnection>(() => undefined),
    relayReady: () => true,
    relay: (_peerId: string, _channel: RelayChannel, bytes: FrameBytes) => {
      if (dropNext > 0) dropNext--;
      else queue.push({ to: links[other] as PeerLink, bytes });
    },
    deliverEvent: (_from, _type, payload) => received[self]?.push(payload),
    deliverState: (_from, snapshot) => states[self]?.push(snapshot.payload),
    linkChanged: (info) => changes.push(info),
  });
  links.a = new PeerLink("b", true, mode, hostFor("a", "b"), config, conditionerOfA);
  links.b = new PeerLink("a", false, mode, hostFor("b", "a"), config);
  return {
    a: links.a,
    get b(): PeerLink {
      return links.b as PeerLink;
    },
    /** b's page reloads: a new link that knows nothing, where the old one was. */
    reloadB(): void {
      received.b = [];
      links.b = new PeerLink("a", false, mode, hostFor("b", "a"), config);
    },
    received,
    states,
    changes,
    drop(count: number) {
      dropNext = count;
    },
    flush() {
      while (queue.length > 0) {
        const next = queue.shift();
        next?.to.receive(next.bytes, "relay");
      }
    },
  };
}

describe("PeerLink over the relay", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("carries events at once, before any WebRTC attempt finishes", () => {
    const pair = relayPair();
    expect(pair.a.info()).toMatchObject({ path: "relay", state: "upgrading" });
    pair.a.sendEvent(encodeEventBody("chat", 1));
    pair.flush();
    expect(pair.received.b).toEqual([1]);
    expect(pair.a.info().pendingEvents).toBe(0);
  });

  it("gives up on a WebRTC attempt after the open timeout and retries with backoff", () => {
    const pair = relayPair();
    vi.advanceTimersByTime(config.openTimeoutMs);
    expect(pair.a.info().state).toBe("failed-webrtc");
    vi.advanceTimersByTime(config.retry.initialDelayMs);
    expect(pair.a.info().state).toBe("upgrading");
    vi.advanceTimersByTime(config.openTimeoutMs + 2 * config.retry.initialDelayMs - 1);
    expect(pair.a.info().state).toBe("failed-webrtc");
    vi.advanceTimersByTime(1);
    expect(pair.a.info().state).toBe("upgrading");
  });

  it("says why WebRTC failed, and has no WebRTC route while on the relay", () => {
    const pair = relayPair();
    expect(pair.a.info()).toMatchObject({ lastFailure: null, webrtcRoute: null });
    vi.advanceTimersByTime(config.openTimeoutMs);
    expect(pair.a.info()).toMatchObject({ lastFailure: "open timeout (no data connection)", webrtcRoute: null });
    expect(pair.changes.at(-1)).toMatchObject({
      state: "failed-webrtc",
      lastFailure: "open timeout (no data connection)",
    });
    pair.b.failWebRTC("peer unavailable", "signaling-failed");
    expect(pair.b.info().lastFailure).toBe("peer unavailable");
  });

  it("says in one word why the pair is on the relay: the first attempt, then the failure that ended it", () => {
    const pair = relayPair();
    expect(pair.a.info()).toMatchObject({ relayReason: "connecting", turnTransport: null });
    pair.a.failWebRTC("peer unavailable", "signaling-failed");
    expect(pair.a.info()).toMatchObject({ state: "failed-webrtc", relayReason: "signaling-failed" });
    expect(pair.changes.at(-1)).toMatchObject({ relayReason: "signaling-failed" });
    // A late failure, after the pair fell back already, is not why it is there.
    pair.a.failWebRTC("data connection closed", "connection-lost");
    expect(pair.a.info()).toMatchObject({ lastFailure: "data connection closed", relayReason: "signaling-failed" });
    // The retry runs: the pair stays on the relay for the same reason until one works or fails otherwise.
    vi.advanceTimersByTime(config.retry.initialDelayMs);
    expect(pair.a.info()).toMatchObject({ state: "upgrading", relayReason: "signaling-failed" });
    vi.advanceTimersByTime(config.openTimeoutMs);
    expect(pair.a.info()).toMatchObject({ state: "failed-webrtc", relayReason: "timeout" });
  });

  it("names the mode as the reason in SIGNALING_ONLY, and the failure in WEBRTC_ONLY", () => {
    const relayOnly = relayPair(NetworkMode.SignalingOnly);
    expect(relayOnly.a.info()).toMatchObject({ path: "relay", relayReason: "signaling-only" });
    const webrtcOnly = relayPair(NetworkMode.WebRTCOnly);
    vi.advanceTimersByTime(config.openTimeoutMs);
    expect(webrtcOnly.a.info()).toMatchObject({ path: "none", relayReason: "timeout" });
    webrtcOnly.a.setMode(NetworkMode.SignalingOnly);
    expect(webrtcOnly.a.info()).toMatchObject({ path: "relay", relayReason: "signaling-only" });
  });

  it("resends a lost event when no ack comes, and the receiver drops the duplicate", () => {
    const pair = relayPair();
    pair.drop(1);
    pair.a.sendEvent(encodeEventBody("chat", 1));
    pair.a.sendEvent(encodeEventBody("chat", 2));
    pair.flush();
    expect(pair.received.b).toEqual([]); // 2 waits for 1
    vi.advanceTimersByTime(1500);
    pair.a.tick();
    pair.flush();
    expect(pair.received.b).toEqual([1, 2]);
    pair.a.tick();
    pair.flush();
    expect(pair.received.b).toEqual([1, 2]);
  });

  it("on restart sends everything unacknowledged again at once; the receiver keeps exactly one copy", () => {
    const pair = relayPair();
    pair.drop(3); // lost while the signaling socket was down
    for (const n of [1, 2, 3]) pair.a.sendEvent(encodeEventBody("chat", n));
    pair.a.restart();
    pair.b.restart();
    pair.flush();
    expect(pair.received.b).toEqual([1, 2, 3]);
    expect(pair.a.info()).toMatchObject({ path: "relay", state: "upgrading", pendingEvents: 0 });
    pair.a.restart();
    pair.flush();
    expect(pair.received.b).toEqual([1, 2, 3]);
  });

  it("after the peer's page reloads, numbers both ways from the start: it gets what it had not acknowledged, once", () => {
    const pair = relayPair();
    for (const n of [1, 2]) pair.a.sendEvent(encodeEventBody("chat", n));
    pair.b.sendEvent(encodeEventBody("chat", "old page"));
    pair.flush();
    pair.drop(2); // sent while b's page was reloading
    for (const n of [3, 4]) pair.a.sendEvent(encodeEventBody("chat", n));

    pair.reloadB();
    pair.a.restart(true);
    pair.flush();
    pair.b.sendEvent(encodeEventBody("chat", "new page"));
    pair.flush();

    expect(pair.received.b).toEqual([3, 4]);
    expect(pair.received.a).toEqual(["old page", "new page"]);
    expect(pair.a.info().pendingEvents).toBe(0);
    pair.a.sendEvent(encodeEventBody("chat", 5));
    pair.flush();
    expect(pair.received.b).toEqual([3, 4, 5]);
  });

  it("measures RTT on the relay with heartbeats", () => {
    const pair = relayPair();
    pair.a.tick();
    vi.advanceTimersByTime(40);
    pair.flush();
    expect(pair.a.info().rttMs).toBe(40);
  });

  it("in WEBRTC_ONLY sends nothing through the relay and keeps events until a channel opens", () => {
    const pair = relayPair(NetworkMode.WebRTCOnly);
    pair.a.sendEvent(encodeEventBody("chat", 1));
    pair.a.sendState(encodeFrame({ type: "state", seq: 0, time: 0, payload: { x: 1 } }));
    pair.a.tick();
    pair.flush();
    expect(pair.received.b).toEqual([]);
    expect(pair.a.info()).toMatchObject({ path: "none", pendingEvents: 1 });
    expect(pair.a.info().stats.event.messagesOut).toBe(0);
    vi.advanceTimersByTime(config.openTimeoutMs);
    expect(pair.changes.some((change) => change.state === "unreachable")).toBe(true);
    pair.a.setMode(NetworkMode.Hybrid);
    pair.b.setMode(NetworkMode.Hybrid);
    pair.flush();
    expect(pair.received.b).toEqual([1]);
  });

  it("rejects a malformed frame without touching the link", () => {
    const pair = relayPair();
    expect(pair.b.receive("not binary", "relay")).toBe(false);
    expect(pair.b.receive(new Uint8Array([0xc1]), "relay")).toBe(false); // never used in MessagePack
    expect(pair.b.receive(encodeFrame({ type: "event", seq: -1, name: "x", payload: null }), "relay")).toBe(false);
    pair.a.sendEvent(encodeEventBody("chat", 1));
    pair.flush();
    expect(pair.received.b).toEqual([1]);
  });
});

describe("PeerLink under simulated network conditions", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A's conditioner with a fixed "random" of 0.5: every delay is exactly half the latency, nothing is lost by chance. */
  const conditioner = (): NetworkConditioner =>
    new NetworkConditioner({
      now: () => Date.now(),
      random: () => 0.5,
      setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
      clearTimer: (handle) => {
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    });

  it("delays heartbeats both ways, so both sides measure the added latency in their RTT", () => {
    const conditionerOfA = conditioner();
    conditionerOfA.set({ latencyMs: 100 });
    const pair = relayPair(NetworkMode.Hybrid, conditionerOfA);
    // Each side pings: A holds every frame 50 ms on its way out and 50 ms on its way in; B holds nothing.
    pair.a.tick();
    pair.b.tick();
    pair.flush(); // B's ping reaches A, which holds it
    vi.advanceTimersByTime(50);
    pair.flush(); // A's ping goes out and is answered; A answers B's ping and holds the pong; holds B's pong
    vi.advanceTimersByTime(50);
    pair.flush();
    expect(pair.b.info().rttMs).toBe(100);
    expect(pair.a.info().rttMs).toBe(100);
  });

  it("loses state but never events, which arrive in order", () => {
    const conditionerOfA = conditioner();
    conditionerOfA.set({ latencyMs: 40, lossPercent: 100 });
    const pair = relayPair(NetworkMode.Hybrid, conditionerOfA);
    for (const n of [1, 2, 3]) {
      pair.a.sendEvent(encodeEventBody("chat", n));
      pair.a.sendState(encodeFrame({ type: "state", seq: n, time: 0, payload: { n } }));
      pair.b.sendState(encodeFrame({ type: "state", seq: n, time: 0, payload: { n } }));
    }
    pair.flush();
    expect(pair.received.b).toEqual([]);
    vi.advanceTimersByTime(20);
    pair.flush();
    expect(pair.received.b).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(100);
    pair.flush();
    expect(pair.states).toEqual({ a: [], b: [] });
    expect(pair.a.info().stats.state).toMatchObject({ messagesOut: 0, messagesIn: 0 });
  });

  it("lets held frames through at once when the conditions are cleared, and drops them when the link closes", () => {
    const conditionerOfA = conditioner();
    conditionerOfA.set({ latencyMs: 1000 });
    const pair = relayPair(NetworkMode.Hybrid, conditionerOfA);
    pair.a.sendEvent(encodeEventBody("chat", 1));
    pair.flush();
    conditionerOfA.set(null);
    pair.flush();
    expect(pair.received.b).toEqual([1]);
    conditionerOfA.set({ latencyMs: 1000 });
    pair.a.sendEvent(encodeEventBody("chat", 2));
    pair.a.close();
    vi.advanceTimersByTime(1000);
    pair.flush();
    expect(pair.received.b).toEqual([1]);
  });
});
