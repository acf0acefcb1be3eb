import { describe, expect, it } from "vitest";
import { sumLinkReports } from "./peer-link-totals.js";

describe("sumLinkReports", () => {
  it("counts each pair once when both ends report it, by route on WebRTC and by reason off it", () => {
    // ada-bob direct, ada-cat through ada's TURN server over TLS (cat sees only `turn`), bob-cat on the relay.
    const totals = sumLinkReports([
      { webrtc: 2, relay: 0, none: 0, routes: { direct: 1, "turn-tls": 1 }, reasons: {} },
      { webrtc: 1, relay: 1, none: 0, routes: { direct: 1 }, reasons: { "ice-failed": 1 } },
      { webrtc: 1, relay: 1, none: 0, routes: { turn: 1 }, reasons: { "ice-failed": 1 } },
    ]);
    expect(totals).toEqual({
      webrtc: { direct: 1, "turn-udp": 0, "turn-tcp": 0, "turn-tls": 0.5, turn: 0.5, unknown: 0 },
      relay: 1,
      none: 0,
      offWebRTC: {
        "signaling-only": 0,
        connecting: 0,
        "ice-failed": 1,
        "turn-refused": 0,
        timeout: 0,
        "signaling-failed": 0,
        "connection-lost": 0,
        unknown: 0,
      },
    });
  });

  it("counts what a report leaves out of its breakdowns, or an older client's report, as unknown", () => {
    const totals = sumLinkReports([
      { webrtc: 2, relay: 1, none: 1 }, // a client from before routes and reasons
      { webrtc: 2, relay: 0, none: 1, routes: { "turn-udp": 1 }, reasons: { timeout: 1 } },
    ]);
    expect(totals.webrtc).toMatchObject({ "turn-udp": 0.5, unknown: 1.5 });
    expect(totals.offWebRTC).toMatchObject({ timeout: 0.5, unknown: 1 });
    expect(totals).toMatchObject({ relay: 0.5, none: 1 });
  });

  it("is all zeros without reports", () => {
    const totals = sumLinkReports([]);
    expect(Object.values(totals.webrtc).every((count) => count === 0)).toBe(true);
    expect(Object.values(totals.offWebRTC).every((count) => count === 0)).toBe(true);
    expect(totals).toMatchObject({ relay: 0, none: 0 });
  });
});
