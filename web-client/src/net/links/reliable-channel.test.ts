import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ReliableReceiver, ReliableSender, type ReliableFrame } from "./reliable-channel.js";

/** A sender bounded by event count only, its frames sized 1 byte each. */
const senderOf = <T>(events: number, bytes = Number.POSITIVE_INFINITY): ReliableSender<T> =>
  new ReliableSender<T>({ events, bytes, sizeOf: () => 1 });

/** Everything the sender would put on the wire now, marked sent. */
function drain<T>(sender: ReliableSender<T>): ReliableFrame<T>[] {
  const frames: ReliableFrame<T>[] = [];
  for (let frame = sender.next(); frame; frame = sender.next()) {
    frames.push(frame);
    sender.markSent();
  }
  return frames;
}

describe("reliable channel", () => {
  it("numbers what was not acknowledged from 1 again when the receiver starts over", () => {
    const sender = senderOf<string>(10);
    for (const value of ["a", "b", "c"]) sender.push([value]);
    drain(sender);
    sender.acknowledge(1);
    sender.renumber();
    sender.push(["d"]);
    const fresh = new ReliableReceiver<string>(10);
    const frames = drain(sender);
    expect(frames.map((frame) => frame.seq)).toEqual([1, 2, 3]);
    expect(frames.flatMap((frame) => fresh.receive(frame).deliver)).toEqual(["b", "c", "d"]);
  });

  it("takes a sender that started over from 1 again after reset", () => {
    const receiver = new ReliableReceiver<string>(10);
    receiver.receive({ seq: 1, payload: "old" });
    receiver.receive({ seq: 3, payload: "early" });
    receiver.reset();
    expect(receiver.receive({ seq: 1, payload: "new" })).toEqual({ deliver: ["new"], ackSeq: 1 });
    expect(receiver.receive({ seq: 3, payload: "new 3" }).deliver).toEqual([]);
  });

  it("delivers in order and drops duplicates", () => {
    const sender = senderOf<string>(10);
    const receiver = new ReliableReceiver<string>(10);
    for (const value of ["a", "b", "c"]) sender.push([value]);
    const [a, b, c] = drain(sender) as [ReliableFrame<string>, ReliableFrame<string>, ReliableFrame<string>];
    expect(receiver.receive(c).deliver).toEqual([]);
    expect(receiver.receive(a).deliver).toEqual(["a"]);
    expect(receiver.receive(a).deliver).toEqual([]);
    const result = receiver.receive(b);
    expect(result).toEqual({ deliver: ["b", "c"], ackSeq: 3 });
    sender.acknowledge(result.ackSeq);
    expect(sender.pending).toBe(0);
  });

  it("keeps unacknowledged frames, and after a rewind hands them out again, oldest first", () => {
    const sender = senderOf<number>(10);
    for (let i = 0; i < 5; i++) sender.push([i]);
    expect(drain(sender)).toHaveLength(5);
    expect(sender.acknowledge(2)).toBe(true);
    expect(sender.acknowledge(2)).toBe(false);
    expect(sender.inFlight).toBe(3);
    expect(drain(sender)).toEqual([]);
    sender.rewind();
    expect(drain(sender).map((frame) => frame.payload)).toEqual([2, 3, 4]);
  });

  it("numbers an event's frames consecutively and counts it once, until its last frame is acknowledged", () => {
    const sender = senderOf<string>(2);
    expect(sender.push(["a1", "a2", "a3"])).toBe(true);
    expect(sender.push(["b"])).toBe(true);
    expect(sender.pending).toBe(2);
    expect(drain(sender).map((frame) => `${frame.seq}:${frame.payload}`)).toEqual(["1:a1", "2:a2", "3:a3", "4:b"]);
    sender.acknowledge(2);
    expect(sender.pending).toBe(2);
    sender.acknowledge(3);
    expect(sender.pending).toBe(1);
  });

  it("refuses a whole event, queueing none of it, past the event or byte bound", () => {
    const sender = senderOf<number>(2, 4);
    expect(sender.push([1])).toBe(true);
    expect(sender.push([2, 3, 4, 5])).toBe(false); // 5 bytes > 4
    expect(sender.push([2, 3])).toBe(true);
    expect(sender.push([4])).toBe(false); // a third event
    sender.acknowledge(1);
    expect(sender.push([4])).toBe(true);
    expect(drain(sender).map((frame) => frame.seq)).toEqual([2, 3, 4]);
  });

  it("drops frames beyond the receive window, to be resent later", () => {
    const receiver = new ReliableReceiver<number>(2);
    expect(receiver.receive({ seq: 4, payload: 4 }).ackSeq).toBe(0);
    receiver.receive({ seq: 1, payload: 1 });
    receiver.receive({ seq: 2, payload: 2 });
    expect(receiver.receive({ seq: 3, payload: 3 }).deliver).toEqual([3]);
  });

  it("holds early frames up to its byte bound, but always takes the frame that fills the gap", () => {
    const receiver = new ReliableReceiver<number>(100, 20);
    expect(receiver.receive({ seq: 2, payload: 2 }, 10).deliver).toEqual([]);
    expect(receiver.receive({ seq: 3, payload: 3 }, 10).deliver).toEqual([]);
    expect(receiver.receive({ seq: 4, payload: 4 }, 10).deliver).toEqual([]); // over the bound: dropped
    expect(receiver.receive({ seq: 1, payload: 1 }, 10)).toEqual({ deliver: [1, 2, 3], ackSeq: 3 });
    expect(receiver.receive({ seq: 4, payload: 4 }, 10).deliver).toEqual([4]);
  });

  it("never loses, duplicates or reorders under random loss, duplication, reordering and path switches", () => {
    // Each step: send a new event (of 1-3 frames), or deliver/duplicate/drop an in-flight copy, or "switch paths".
    const step = fc.oneof(
      fc.record({ kind: fc.constant("send" as const), frames: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("deliver" as const), index: fc.nat(), duplicate: fc.boolean() }),
      fc.record({ kind: fc.constant("drop" as const), index: fc.nat() }),
      fc.constant({ kind: "switch" as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const sender = senderOf<number>(64, 100);
        const receiver = new ReliableReceiver<number>(64, 8);
        const inFlight: ReliableFrame<number>[] = [];
        const received: number[] = [];
        let sent = 0;
        const take = (index: number): ReliableFrame<number> | undefined =>
          inFlight.splice(index % inFlight.length, 1)[0];
        for (const action of steps) {
          if (action.kind === "send") {
            const values = Array.from({ length: action.frames }, (_, n) => sent + n);
            if (sender.push(values)) sent += values.length;
            inFlight.push(...drain(sender));
          } else if (action.kind === "switch") {
            sender.rewind();
            inFlight.push(...drain(sender));
          } else if (inFlight.length > 0) {
            const frame = take(action.index);
            if (frame && action.kind === "deliver") {
              if (action.duplicate) inFlight.push(frame);
              const result = receiver.receive(frame, 1);
              received.push(...result.deliver);
              sender.acknowledge(result.ackSeq);
            }
          }
        }
        // Drain: the path finally works and everything outstanding is resent and delivered.
        sender.rewind();
        for (const frame of drain(sender)) received.push(...receiver.receive(frame, 1).deliver);
        expect(received).toEqual(Array.from({ length: sent }, (_, index) => index));
      }),
      { numRuns: 300 },
    );
  });
});
