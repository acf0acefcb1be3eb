import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LinkReport } from "@rallypoint/protocol";
import { Emitter } from "../emitter.js";
import { countLinks, reportLinks, type LinkSource } from "./link-reporter.js";
import type { LinkInfo, LinkPath } from "../links/link-info.js";
import { linkInfo } from "../testing/link-infos.js";
import { LinkState } from "../links/link-policy.js";

const link = (peerId: string, path: LinkPath, details: Partial<LinkInfo> = {}): LinkInfo =>
  linkInfo({ peerId, path, state: path === "webrtc" ? LinkState.WebRTC : LinkState.Relay, ...details });

/** A report of these path counts, with nothing known of routes or reasons. */
const paths = (webrtc: number, relay: number, none: number): LinkReport => ({
  webrtc,
  relay,
  none,
  routes: {},
  reasons: {},
});

/** A stand-in for the manager: its links, and the events it emits. */
function fakeManager(links: LinkInfo[]) {
  const events = new Emitter<Record<"link-changed" | "peer-joined" | "peer-left" | "resumed", undefined>>();
  const source: LinkSource = { getLinks: () => [...links], on: (event, listener) => events.on(event, listener) };
  const sent: LinkReport[] = [];
  return { links, events, source, sent, send: (report: LinkReport) => sent.push(report) };
}

describe("reportLinks", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("counts links per path", () => {
    expect(countLinks([link("a", "webrtc"), link("b", "relay"), link("c", "relay"), link("d", "none")])).toEqual(
      paths(1, 2, 1),
    );
  });

  it("counts WebRTC links by route and transport, the others by why they are off WebRTC", () => {
    const links = [
      link("a", "webrtc", { webrtcRoute: "direct" }),
      link("b", "webrtc", { webrtcRoute: "turn", turnTransport: "udp" }),
      link("c", "webrtc", { webrtcRoute: "turn", turnTransport: "tls" }),
      link("d", "webrtc", { webrtcRoute: "turn", turnTransport: "tls" }),
      link("e", "webrtc", { webrtcRoute: "turn" }), // only the peer's end is relayed
      link("f", "webrtc"), // route not read yet: left out of the routes
      link("g", "relay", { relayReason: "turn-refused" }),
      link("h", "relay", { relayReason: "signaling-only" }),
      link("i", "none", { relayReason: "ice-failed" }),
    ];
    expect(countLinks(links)).toEqual({
      webrtc: 6,
      relay: 2,
      none: 1,
      routes: { direct: 1, "turn-udp": 1, "turn-tls": 2, turn: 1 },
      reasons: { "turn-refused": 1, "signaling-only": 1, "ice-failed": 1 },
    });
  });

  it("reports at once, then every interval", () => {
    const manager = fakeManager([link("a", "relay")]);
    const stop = reportLinks(manager.source, manager.send, { intervalMs: 5000 });
    expect(manager.sent).toEqual([paths(0, 1, 0)]);
    vi.advanceTimersByTime(4999);
    expect(manager.sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(manager.sent).toHaveLength(2);
    stop();
  });

  it("reports a change once after the debounce, however many events it took", () => {
    const manager = fakeManager([link("a", "relay"), link("b", "relay")]);
    const stop = reportLinks(manager.source, manager.send, { intervalMs: 60_000, debounceMs: 1000 });
    manager.links[0] = link("a", "webrtc");
    manager.events.emit("link-changed", undefined);
    manager.links[1] = link("b", "webrtc");
    manager.events.emit("link-changed", undefined);
    manager.links.push(link("c", "relay"));
    manager.events.emit("peer-joined", undefined);
    vi.advanceTimersByTime(999);
    expect(manager.sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(manager.sent).toEqual([paths(0, 2, 0), paths(2, 1, 0)]);
    stop();
  });

  it("skips events that leave the counts as they were, except a resume", () => {
    const manager = fakeManager([link("a", "relay")]);
    const stop = reportLinks(manager.source, manager.send, { intervalMs: 60_000, debounceMs: 1000 });
    manager.events.emit("link-changed", undefined);
    vi.advanceTimersByTime(1000);
    expect(manager.sent).toHaveLength(1);
    // A resumed session has a new socket, of which the server holds no report yet.
    manager.events.emit("resumed", undefined);
    vi.advanceTimersByTime(1000);
    expect(manager.sent).toHaveLength(2);
    stop();
  });

  it("reports a change of route or reason that leaves the path counts as they were", () => {
    const manager = fakeManager([link("a", "webrtc"), link("b", "relay", { relayReason: "connecting" })]);
    const stop = reportLinks(manager.source, manager.send, { intervalMs: 60_000, debounceMs: 1000 });
    manager.links[0] = link("a", "webrtc", { webrtcRoute: "turn", turnTransport: "tcp" });
    manager.links[1] = link("b", "relay", { relayReason: "timeout" });
    manager.events.emit("link-changed", undefined);
    vi.advanceTimersByTime(1000);
    expect(manager.sent.at(-1)).toEqual({
      webrtc: 1,
      relay: 1,
      none: 0,
      routes: { "turn-tcp": 1 },
      reasons: { timeout: 1 },
    });
    manager.links[1] = link("b", "relay", { relayReason: "timeout" }); // the same counts again
    manager.events.emit("link-changed", undefined);
    vi.advanceTimersByTime(1000);
    expect(manager.sent).toHaveLength(2);
    stop();
  });

  it("sends nothing after stop", () => {
    const manager = fakeManager([link("a", "relay")]);
    const stop = reportLinks(manager.source, manager.send, { intervalMs: 5000, debounceMs: 1000 });
    manager.events.emit("peer-left", undefined);
    stop();
    manager.links.length = 0;
    vi.advanceTimersByTime(60_000);
    manager.events.emit("link-changed", undefined);
    vi.advanceTimersByTime(60_000);
    expect(manager.sent).toHaveLength(1);
  });
});
