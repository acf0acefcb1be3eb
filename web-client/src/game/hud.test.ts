import { describe, expect, it } from "vitest";
import { linkSummary } from "./hud.js";

describe("linkSummary", () => {
  it("names the one path everyone shares, with the mean round trip", () => {
    expect(
      linkSummary([
        { path: "webrtc", webrtcRoute: "direct", rttMs: 10 },
        { path: "webrtc", webrtcRoute: "direct", rttMs: 15 },
      ]),
    ).toBe("WebRTC direct · 13 ms");
  });

  it("counts the paths when they differ, and leaves out round trips not measured yet", () => {
    expect(
      linkSummary([
        { path: "webrtc", webrtcRoute: "direct", rttMs: null },
        { path: "relay", webrtcRoute: null, rttMs: null },
        { path: "relay", webrtcRoute: null, rttMs: null },
      ]),
    ).toBe("1 WebRTC direct, 2 Socket.IO relay");
    expect(linkSummary([])).toBe("No one to reach yet");
  });
});
