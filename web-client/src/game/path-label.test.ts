import { describe, expect, it } from "vitest";
import { pathLabel } from "./path-label.js";

describe("pathLabel", () => {
  it.each([
    [{ path: "webrtc", webrtcRoute: "direct" }, "WebRTC direct"],
    [{ path: "webrtc", webrtcRoute: "turn" }, "WebRTC via TURN"],
    [{ path: "webrtc", webrtcRoute: null }, "WebRTC"],
    [{ path: "relay", webrtcRoute: null }, "Socket.IO relay"],
    [{ path: "none", webrtcRoute: null }, "No path"],
  ] as const)("names %j %s", (link, label) => {
    expect(pathLabel(link)).toBe(label);
  });
});
