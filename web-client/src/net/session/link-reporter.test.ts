import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LinkReport } from "@rallypoint/protocol";
import { Emitter } from "../emitter.js";
import { countLinks, reportLinks, type LinkSource } from "./link-reporter.js";
import type { LinkInfo, LinkPath } from "../links/link-info.js";
import { emptyLinkStats } from "../links/link-info.js";
import { LinkState } from "../links/link-policy.js";

const link = (peerId: string, path: LinkPath): LinkInfo => ({
  peerId,
  path,
  state: path === "webrtc" ? LinkState.WebRTC : LinkState.Relay,
  rttMs: null,
  lastSwitchAt: null,
  webrtcRoute: null,
  lastFailure: null,
  pendingEvents: 0,
  stats: emptyLinkStats(),
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
    expect(countLinks([link("a", "webrtc"), link("b", "relay"), link("c", "relay"), link("d", "none")])).toEqual({
      webrtc: 1,
      relay: 2,
      none: 1,
    });
  });

  it("reports at once, then every interval", () => {
    const manager = fakeManager([link("a", "relay")]);
    const stop = reportLinks(manager.source, manager.send, { intervalMs: 5000 });
    expect(manager.sent).toEqual([{ webrtc: 0, relay: 1, none: 0 }]);
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
    expect(manager.sent).toEqual([
      { webrtc: 0, relay: 2, none: 0 },
      { webrtc: 2, relay: 1, none: 0 },
    ]);
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
