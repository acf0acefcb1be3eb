import { describe, expect, it } from "vitest";
import { Limits } from "@rallypoint/protocol";
import { encodeEvent, encodeWithinLimit, ErrorThrottle } from "./frame-size.js";
import { NetworkError } from "../network-error.js";

const eventWith = (payload: unknown) => ({
  type: "event" as const,
  seq: Number.MAX_SAFE_INTEGER,
  name: "chat",
  payload,
});

function failureOf(work: () => unknown): NetworkError | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof NetworkError) return error;
    throw error;
  }
  return undefined;
}

describe("encodeWithinLimit", () => {
  it("lets a frame up to the limit through", () => {
    expect(encodeWithinLimit(eventWith("x".repeat(Limits.maxFrameBytes - 64)), "Event").byteLength).toBeLessThanOrEqual(
      Limits.maxFrameBytes,
    );
  });

  it("refuses one over it with payload-too-large, measured in encoded bytes: CJK text counts 3 bytes a character", () => {
    const cjk = "漢".repeat(6000); // 6,002 characters of JSON, 18,000 bytes of UTF-8
    const failure = failureOf(() => encodeWithinLimit(eventWith(cjk), 'Event "chat"'));
    expect(failure?.code).toBe("payload-too-large");
    expect(failure?.message).toMatch(/^Event "chat" is 18\d{3} bytes encoded; the limit is 16384$/);
  });

  it("refuses what MessagePack cannot encode with invalid-message", () => {
    expect(
      failureOf(() =>
        encodeWithinLimit(
          eventWith(() => 1),
          "Event",
        ),
      )?.code,
    ).toBe("invalid-message");
  });
});

describe("encodeEvent", () => {
  it("takes an event of exactly Limits.maxEventBytes encoded, and refuses one byte more with payload-too-large", () => {
    // [type, payload]: fixarray (1) + "big" (1 + 3) + str32 header (5) + the text's UTF-8 bytes.
    const cjk = "漢字".repeat(10_000); // 60,000 bytes
    const text = (bytes: number): string => cjk + "x".repeat(bytes - 60_000);
    const room = Limits.maxEventBytes - 10;
    expect(encodeEvent("big", text(room)).byteLength).toBe(Limits.maxEventBytes);
    const failure = failureOf(() => encodeEvent("big", text(room + 1)));
    expect(failure?.code).toBe("payload-too-large");
    expect(failure?.message).toBe(`Event "big" is ${Limits.maxEventBytes + 1} bytes encoded; the limit is 1048576`);
  });

  it("refuses what MessagePack cannot encode with invalid-message", () => {
    expect(failureOf(() => encodeEvent("fn", () => 1))?.code).toBe("invalid-message");
  });
});

describe("ErrorThrottle", () => {
  it("passes on at most one error a second", () => {
    let now = 0;
    const passed: string[] = [];
    const throttle = new ErrorThrottle(
      (error) => passed.push(error.message),
      () => now,
    );
    for (now = 0; now < 2500; now += 50) throttle.report(new NetworkError("payload-too-large", `at ${now}`));
    expect(passed).toEqual(["at 0", "at 1000", "at 2000"]);
  });
});
