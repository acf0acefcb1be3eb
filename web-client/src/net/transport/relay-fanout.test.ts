import { describe, expect, it } from "vitest";
import { encodeFrame, type FrameBytes, type RelayChannel, type RelaySend } from "@rallypoint/protocol";
import { RelayFanout } from "./relay-fanout.js";

interface Sent {
  to: RelaySend["to"];
  channel: RelayChannel;
  bytes: FrameBytes;
}

/** A fanout over a room whose other members are `peers` (changeable), recording what it sends. */
function fanoutFor(peers: string[]): { fanout: RelayFanout; sent: Sent[]; peers: string[] } {
  const sent: Sent[] = [];
  const fanout = new RelayFanout(
    (to, channel, bytes) => sent.push({ to, channel, bytes }),
    () => peers,
  );
  return { fanout, sent, peers };
}

const state = (seq: number): FrameBytes => encodeFrame({ type: "state", seq, time: 0, payload: { seq } });
const event = (seq: number): FrameBytes => encodeFrame({ type: "event", seq, name: "hit", payload: null });
const endOfTurn = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));

describe("RelayFanout", () => {
  it("sends a frame several links hand over in one turn once, naming those peers", async () => {
    const { fanout, sent } = fanoutFor(["bob", "cat", "dan"]);
    const frame = state(1);

    fanout.relay("bob", "state", frame);
    fanout.relay("cat", "state", frame);
    expect(sent).toEqual([]);
    await endOfTurn();

    expect(sent).toEqual([{ to: ["bob", "cat"], channel: "state", bytes: frame }]);
  });

  it("addresses the room (to: null) when the frame goes to every other member", async () => {
    const { fanout, sent } = fanoutFor(["bob", "cat", "dan"]);
    const frame = state(1);

    for (const peer of ["cat", "bob", "dan"]) fanout.relay(peer, "state", frame);
    await endOfTurn();

    expect(sent).toEqual([{ to: null, channel: "state", bytes: frame }]);
  });

  it("addresses a frame for one peer to that peer alone, even in a room of two", async () => {
    const { fanout, sent } = fanoutFor(["bob"]);
    const frame = state(1);

    fanout.relay("bob", "state", frame);
    await endOfTurn();

    expect(sent).toEqual([{ to: "bob", channel: "state", bytes: frame }]);
  });

  it("never merges frames that are different objects, even with the same content", async () => {
    const { fanout, sent } = fanoutFor(["bob", "cat"]);
    const forBob = event(1);
    const forCat = event(1);

    fanout.relay("bob", "event", forBob);
    fanout.relay("cat", "event", forCat);
    await endOfTurn();

    expect(sent).toEqual([
      { to: "bob", channel: "event", bytes: forBob },
      { to: "cat", channel: "event", bytes: forCat },
    ]);
  });

  it("keeps each peer's frames in the order its link handed them over", async () => {
    const { fanout, sent } = fanoutFor(["bob", "cat", "dan"]);
    const first = state(1);
    const ack = event(7);
    const second = state(2);

    // Bob's ack comes between the two states, so his copy of `first` cannot join Cat's after it.
    fanout.relay("cat", "state", first);
    fanout.relay("bob", "event", ack);
    fanout.relay("bob", "state", first);
    fanout.relay("cat", "state", second);
    fanout.relay("bob", "state", second);
    fanout.relay("dan", "state", first);
    await endOfTurn();

    const order = (peer: string): FrameBytes[] =>
      sent
        .filter(({ to }) => to === null || to === peer || (Array.isArray(to) && to.includes(peer)))
        .map((s) => s.bytes);
    expect(order("bob")).toEqual([ack, first, second]);
    expect(order("cat")).toEqual([first, second]);
    expect(order("dan")).toEqual([first]);
    expect(sent).toHaveLength(4);
  });

  it("sends a frame a link hands over twice in one turn twice, never listing the peer twice", async () => {
    const { fanout, sent } = fanoutFor(["bob", "cat"]);
    const resent = event(3);

    fanout.relay("bob", "event", resent);
    fanout.relay("bob", "event", resent);
    await endOfTurn();

    expect(sent).toEqual([
      { to: "bob", channel: "event", bytes: resent },
      { to: "bob", channel: "event", bytes: resent },
    ]);
  });

  it("does not coalesce across turns", async () => {
    const { fanout, sent } = fanoutFor(["bob", "cat"]);
    const frame = state(1);

    fanout.relay("bob", "state", frame);
    await endOfTurn();
    fanout.relay("cat", "state", frame);
    await endOfTurn();

    expect(sent.map(({ to }) => to)).toEqual(["bob", "cat"]);
  });

  it("leaves out peers that left the room before the turn ended", async () => {
    const { fanout, sent, peers } = fanoutFor(["bob", "cat", "dan"]);
    const frame = state(1);

    fanout.relay("bob", "state", frame);
    fanout.relay("cat", "state", frame);
    fanout.relay("dan", "event", event(1));
    peers.splice(peers.indexOf("dan"), 1);
    await endOfTurn();

    expect(sent).toEqual([{ to: null, channel: "state", bytes: frame }]);
  });

  it("sends what is queued at once on flush()", () => {
    const { fanout, sent } = fanoutFor(["bob", "cat"]);
    const frame = state(1);

    fanout.relay("bob", "state", frame);
    fanout.relay("cat", "state", frame);
    fanout.flush();

    expect(sent).toEqual([{ to: null, channel: "state", bytes: frame }]);
  });
});
