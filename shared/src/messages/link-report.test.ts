import { describe, expect, it } from "vitest";
import { Limits } from "../limits.js";
import { LinkReport } from "./link-report.js";

const MAX = Limits.maxRoomCapacity - 1;

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
    const result = LinkReport.safeParse({ webrtc: 32, relay: 32, none: 0 });
    expect(result.error?.issues[0]?.message).toBe(`a member has at most ${MAX} peer links`);
  });
});
