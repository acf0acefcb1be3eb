import { describe, expect, it } from "vitest";
import { encodeFrame, type FrameBytes, type RelayChannel, type RelaySend } from "@rallypoint/protocol";
import { RelayFanout } from "./relay-fanout.js";
import { RelayPacer } from "./relay-pacer.js";

interface Sent {
  to: RelaySend["to"];
  channel: RelayChannel;
  bytes: FrameBytes;
}

function fanout(pacer?: RelayPacer): { fanout: RelayFanout; sent: Sent[] } {
  const sent: Sent[] = [];
  return { fanout: new RelayFanout((to, channel, bytes) => sent.push({ to, channel, bytes }), pacer), sent };
}

const state = encodeFrame({ type: "state", seq: 1, time: 0, payload: { x: 1 } });

describe("RelayFanout", () => {
  it("sends at once, one relay:send naming the peers", () => {
    const { fanout: relay, sent } = fanout();

    relay.relay(["bob", "cat"], 3, "state", state);

    expect(sent).toEqual([{ to: ["bob", "cat"], channel: "state", bytes: state }]);
  });

  it("addresses the room (to: null) when the frame goes to every other member", () => {
    const { fanout: relay, sent } = fanout();

    relay.relay(["cat", "bob", "dan"], 3, "state", state);

    expect(sent).toEqual([{ to: null, channel: "state", bytes: state }]);
  });

  it("addresses one peer by its id, even in a room of two (the server may know a member this client does not)", () => {
    const { fanout: relay, sent } = fanout();

    relay.relay(["bob"], 1, "event", state);

    expect(sent).toEqual([{ to: "bob", channel: "event", bytes: state }]);
  });

  it("draws every send from the pacer's budget, so paced frames wait for it", () => {
    let now = 0;
    const pacer = new RelayPacer(() => now, { bytesPerSecond: 1000, burstBytes: 2000, minMessageCost: 100 });
    const { fanout: relay } = fanout(pacer);
    const wake = (): void => undefined;

    expect(relay.ready(1500, wake)).toBe(true);
    relay.relay(["bob"], 1, "event", new Uint8Array(1500));

    expect(relay.ready(1000, wake)).toBe(false);
    now = 500;
    expect(relay.ready(1000, wake)).toBe(true);
  });
});
