import { describe, expect, it } from "vitest";
import { Limits } from "../limits.js";
import { LinkReport } from "./link-report.js";

const MAX = Limits.maxRoomCapacity + Limits.maxSpectators - 1;

describe("links:report", () => {
  it.each([
    [{ webrtc: 0, relay: 0, none: 0 }, true],
    [{ webrtc: MAX, relay: 0, none: 0 }, true],
    [{ webrtc: 20, relay: 20, none: MAX - 40 }, true],
    [{ webrtc: MAX + 1, relay: 0, none: 0 }, false],
    [{ webrtc: -1, relay: 1, none: 0 }, false],
    [{ webrtc: 0.5, relay: 0, none: 0 }, false],
    [{ webrtc: 1, relay: 1 }, false],
  ])("%j: accepted %s", (report, accepted) => {
    expect(LinkReport.safeParse(report).success).toBe(accepted);
  });

  it("refuses more links in all than a member can have", () => {
    const result = LinkReport.safeParse({ webrtc: MAX, relay: 1, none: 0 });
    expect(result.error?.issues[0]?.message).toBe(`a member has at most ${MAX} peer links`);
  });

  it("takes route and reason breakdowns that fit the path counts", () => {
    const report = {
      webrtc: 4,
      relay: 2,
      none: 1,
      routes: { direct: 1, "turn-udp": 1, "turn-tls": 1 }, // one route not read yet
      reasons: { "ice-failed": 1, "turn-refused": 1, connecting: 1 },
    };
    expect(LinkReport.parse(report)).toEqual(report);
  });

  it("drops breakdown keys it does not know, so a newer client's report still counts", () => {
    const parsed = LinkReport.parse({
      webrtc: 1,
      relay: 1,
      none: 0,
      routes: { "turn-quic": 1 },
      reasons: { bored: 1 },
    });
    expect(parsed).toEqual({ webrtc: 1, relay: 1, none: 0, routes: {}, reasons: {} });
  });

  it.each([
    [
      { webrtc: 1, relay: 0, none: 0, routes: { direct: 1, "turn-tcp": 1 } },
      "routes count more links than are on webrtc",
    ],
    [
      { webrtc: 0, relay: 1, none: 1, reasons: { timeout: 2, connecting: 1 } },
      "reasons count more links than are off webrtc",
    ],
  ])("refuses breakdowns that count more links than the paths: %j", (report, message) => {
    expect(LinkReport.safeParse(report).error?.issues[0]?.message).toBe(message);
  });

  it.each([
    { routes: { direct: -1 } },
    { routes: { direct: 0.5 } },
    { routes: { direct: MAX + 1 } },
    { reasons: { timeout: "1" } },
    { routes: [1] },
    { reasons: null },
  ])("refuses a malformed breakdown: %j", (breakdown) => {
    expect(LinkReport.safeParse({ webrtc: 1, relay: 1, none: 0, ...breakdown }).success).toBe(false);
  });
});
