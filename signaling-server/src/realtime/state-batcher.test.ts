import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeRelayBatch, Limits, type RelayMessage } from "@rallypoint/protocol";
import { StateBatcher, type StateBatching, type StateOutlet } from "./state-batcher.js";

type Sent =
  | { kind: "message"; channel: string; except: readonly string[]; message: RelayMessage }
  | { kind: "batch"; channel: string; except: readonly string[]; items: { from: string; data: number[] }[] };

/** Records what the batcher sends; `busy` lists the sockets each channel reports as backed up. */
function recorder(busy: Record<string, string[]> = {}) {
  const sent: Sent[] = [];
  const dropped: number[] = [];
  const batchSizes: number[] = [];
  const outlet: StateOutlet = {
    busySockets: (channels) => channels.flatMap((channel) => busy[channel] ?? []),
    emitMessage: (channels, except, message) =>
      sent.push({ kind: "message", channel: channels.join(","), except, message }),
    emitBatch: (channels, except, batch) => {
      const items = (decodeRelayBatch(batch) ?? []).map(({ from, data }) => ({ from, data: [...data] }));
      sent.push({ kind: "batch", channel: channels.join(","), except, items });
    },
  };
  const metrics = {
    countRelayDropped: (_reason: "recipient-busy", count: number) => dropped.push(count),
    countStateBatch: (messages: number) => batchSizes.push(messages),
  };
  const batcher = (batching: StateBatching = { kind: "turn" }) => new StateBatcher(batching, outlet, metrics);
  return { sent, dropped, batchSizes, batcher };
}

const state = (from: string, ...bytes: number[]): RelayMessage => ({
  from,
  channel: "state",
  data: new Uint8Array(bytes),
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("StateBatcher", () => {
  it("sends nothing before the end of the turn, then one batch per channel with every message in order", () => {
    const { sent, batchSizes, batcher } = recorder();
    const states = batcher();
    states.add(["room:A"], "sock-ada", state("ada", 1));
    states.add(["room:A"], "sock-bob", state("bob", 2));
    states.add(["room:B"], "sock-cat", state("cat", 9));
    states.add(["room:A"], "sock-ada", state("ada", 3));
    expect(sent).toEqual([]);

    vi.runAllTimers();

    expect(sent).toEqual([
      {
        kind: "batch",
        channel: "room:A",
        except: [],
        items: [
          { from: "ada", data: [1] },
          { from: "bob", data: [2] },
          { from: "ada", data: [3] },
        ],
      },
      { kind: "message", channel: "room:B", except: ["sock-cat"], message: state("cat", 9) },
    ]);
    expect(batchSizes).toEqual([3]);
  });

  it("batches state to the same list of members together, apart from state to the room", () => {
    const { sent, batcher } = recorder();
    const states = batcher();
    states.add(["member:bob", "member:cat"], "sock-ada", state("ada", 1));
    states.add(["room:A"], "sock-ada", state("ada", 2));
    states.add(["member:bob", "member:cat"], "sock-dan", state("dan", 3));
    vi.runAllTimers();

    expect(sent).toEqual([
      {
        kind: "batch",
        channel: "member:bob,member:cat",
        except: [],
        items: [
          { from: "ada", data: [1] },
          { from: "dan", data: [3] },
        ],
      },
      { kind: "message", channel: "room:A", except: ["sock-ada"], message: state("ada", 2) },
    ]);
  });

  it("sends a lone message as a plain relay:message, not back to its sender", () => {
    const { sent, batchSizes, batcher } = recorder();
    batcher().add(["member:bob"], "sock-ada", state("ada", 7));
    vi.runAllTimers();

    expect(sent).toEqual([{ kind: "message", channel: "member:bob", except: ["sock-ada"], message: state("ada", 7) }]);
    expect(batchSizes).toEqual([]);
  });

  it("keeps a batch from a single sender away from that sender", () => {
    const { sent, batcher } = recorder();
    const states = batcher();
    states.add(["room:A"], "sock-ada", state("ada", 1));
    states.add(["room:A"], "sock-ada", state("ada", 2));
    vi.runAllTimers();

    expect(sent).toMatchObject([{ kind: "batch", except: ["sock-ada"] }]);
  });

  it("starts a new batch once one holds Limits.maxRelayBatchMessages, keeping the order across them", () => {
    const { sent, batcher } = recorder();
    const states = batcher();
    const count = Limits.maxRelayBatchMessages + 3;
    for (let index = 0; index < count; index++)
      states.add(["room:A"], `sock-${index % 2}`, state(`m${index % 2}`, index));
    // The full batch leaves at once; the rest waits for the end of the turn.
    expect(sent).toHaveLength(1);
    vi.runAllTimers();

    const batches = sent.map((entry) => (entry.kind === "batch" ? entry.items.length : 1));
    expect(batches).toEqual([Limits.maxRelayBatchMessages, 3]);
    const order = sent.flatMap((entry) => (entry.kind === "batch" ? entry.items.map((item) => item.data[0]) : []));
    expect(order).toEqual(Array.from({ length: count }, (_, index) => index));
  });

  it("starts a new batch before one would grow past Limits.maxRelayBatchBytes", () => {
    const { sent, batcher } = recorder();
    const states = batcher();
    const big = (from: string): RelayMessage => ({
      from,
      channel: "state",
      data: new Uint8Array(Limits.maxRelayPayloadBytes),
    });
    for (let index = 0; index < 5; index++) states.add(["room:A"], `sock-${index}`, big(`m${index}`));
    vi.runAllTimers();

    const sizes = sent.map((entry) => (entry.kind === "batch" ? entry.items.length : 1));
    expect(sizes).toEqual([3, 2]);
  });

  it("sends at once when batching is off, and a non-binary state after what was pending", () => {
    const off = recorder();
    off.batcher({ kind: "off" }).add(["room:A"], "sock-ada", state("ada", 1));
    expect(off.sent).toHaveLength(1);

    const turn = recorder();
    const states = turn.batcher();
    states.add(["room:A"], "sock-ada", state("ada", 1));
    states.add(["room:A"], "sock-bob", state("bob", 2));
    states.add(["room:A"], "sock-ada", { from: "ada", channel: "state", data: { x: 3 } });
    expect(turn.sent.map((entry) => entry.kind)).toEqual(["batch", "message"]);
  });

  it("waits for the tick when batching on a tick", () => {
    const { sent, batcher } = recorder();
    const states = batcher({ kind: "tick", ms: 5 });
    states.add(["room:A"], "sock-ada", state("ada", 1));
    vi.advanceTimersByTime(4);
    states.add(["room:A"], "sock-bob", state("bob", 2));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toMatchObject([{ kind: "batch", items: [{ from: "ada" }, { from: "bob" }] }]);
  });

  it("skips backed-up recipients and counts each message they miss", () => {
    const { sent, dropped, batcher } = recorder({ "room:A": ["sock-cat", "sock-ada"] });
    const states = batcher();
    states.add(["room:A"], "sock-ada", state("ada", 1));
    states.add(["room:A"], "sock-bob", state("bob", 2));
    vi.runAllTimers();

    expect(sent).toMatchObject([{ kind: "batch", except: ["sock-cat", "sock-ada"] }]);
    // cat misses both; ada misses bob's (her own was never hers to get).
    expect(dropped).toEqual([2, 1]);
  });
});
