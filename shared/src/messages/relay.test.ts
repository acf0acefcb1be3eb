import { describe, expect, it } from "vitest";
import { Limits } from "../limits.js";
import { RelayBatch, RelayRecipients, RelaySend } from "./relay.js";

const members = (count: number): string[] => Array.from({ length: count }, (_, i) => `m${i}`);

describe("relay messages", () => {
  it.each([
    [members(1), true],
    [members(Limits.maxRoomCapacity + Limits.maxSpectators - 1), true],
    [[], false],
    [members(Limits.maxRoomCapacity + Limits.maxSpectators), false],
    [["ada", ""], false],
  ])("recipients %#: accepted %s", (ids, accepted) => {
    expect(RelayRecipients.safeParse(ids).success).toBe(accepted);
  });

  it("refuses a member listed twice", () => {
    expect(RelayRecipients.safeParse(["ada", "bob", "ada"]).error?.issues[0]?.message).toBe("a member is listed twice");
  });

  it.each([
    [{ to: null }, true],
    [{ to: "ada" }, true],
    [{ to: ["ada", "bob"] }, true],
    [{ to: "" }, false],
    [{ to: [] }, false],
    [{ to: ["ada", "ada"] }, false],
    [{ to: undefined }, false],
    [{ channel: "state" }, true],
    [{ channel: "chat" }, false],
  ])("send %j: accepted %s", (fields, accepted) => {
    expect(RelaySend.safeParse({ to: null, channel: "event", data: { hp: 3 }, ...fields }).success).toBe(accepted);
  });

  it("takes only bytes as batched data, each at most maxRelayPayloadBytes", () => {
    const batch = (data: unknown) => RelayBatch.safeParse([["ada", data]]).success;
    expect(batch(new Uint8Array(Limits.maxRelayPayloadBytes))).toBe(true);
    expect(batch(new Uint8Array(Limits.maxRelayPayloadBytes + 1))).toBe(false);
    expect(batch(new ArrayBuffer(1))).toBe(false);
    expect(batch([1, 2])).toBe(false);
    expect(RelayBatch.safeParse([["ada", new Uint8Array(1), "extra"]]).success).toBe(false);
  });
});
