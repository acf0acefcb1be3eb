import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ReliableReceiver, ReliableSender, type ReliableFrame } from "./reliable-channel.js";

describe("reliable channel", () => {
  it("numbers what was not acknowledged from 1 again when the receiver starts over", () => {
    const sender = new ReliableSender<string>(10);
    for (const value of ["a", "b", "c"]) sender.push((seq) => `${value}${seq}`);
    sender.acknowledge(1);
    sender.renumber((payload, seq) => `${payload[0] ?? ""}${seq}`);
    const fresh = new ReliableReceiver<string>(10);
    const frames = [...sender.outstanding(), sender.push((seq) => `d${seq}`) ?? expect.unreachable()];
    expect(frames.map((frame) => frame.seq)).toEqual([1, 2, 3]);
    expect(frames.flatMap((frame) => fresh.receive(frame).deliver)).toEqual(["b1", "c2", "d3"]);
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
    const sender = new ReliableSender<string>(10);
    const receiver = new ReliableReceiver<string>(10);
    const push = (value: string): ReliableFrame<string> => sender.push(() => value) ?? expect.unreachable();
    const [a, b, c] = [push("a"), push("b"), push("c")];
    expect(receiver.receive(c).deliver).toEqual([]);
    expect(receiver.receive(a).deliver).toEqual(["a"]);
    expect(receiver.receive(a).deliver).toEqual([]);
    const result = receiver.receive(b);
    expect(result).toEqual({ deliver: ["b", "c"], ackSeq: 3 });
    sender.acknowledge(result.ackSeq);
    expect(sender.pending).toBe(0);
  });

  it("keeps unacknowledged events for resending, oldest first", () => {
    const sender = new ReliableSender<number>(10);
    for (let i = 0; i < 5; i++) sender.push(() => i);
    sender.acknowledge(2);
    expect(sender.outstanding().map((frame) => frame.payload)).toEqual([2, 3, 4]);
  });

  it("refuses new events when the resend buffer is full", () => {
    const sender = new ReliableSender<number>(2);
    expect(sender.push(() => 1)).not.toBeNull();
    expect(sender.push(() => 2)).not.toBeNull();
    expect(sender.push(() => 3)).toBeNull();
    sender.acknowledge(1);
    expect(sender.push(() => 3)?.seq).toBe(3);
  });

  it("drops frames beyond the receive window, to be resent later", () => {
    const receiver = new ReliableReceiver<number>(2);
    expect(receiver.receive({ seq: 4, payload: 4 }).ackSeq).toBe(0);
    receiver.receive({ seq: 1, payload: 1 });
    receiver.receive({ seq: 2, payload: 2 });
    expect(receiver.receive({ seq: 3, payload: 3 }).deliver).toEqual([3]);
  });

  it("never loses, duplicates or reorders under random loss, duplication, reordering and path switches", () => {
    // Each step: send a new event, or deliver/duplicate/drop an in-flight copy, or "switch paths" (resend all).
    const step = fc.oneof(
      fc.constant({ kind: "send" as const }),
      fc.record({ kind: fc.constant("deliver" as const), index: fc.nat(), duplicate: fc.boolean() }),
      fc.record({ kind: fc.constant("drop" as const), index: fc.nat() }),
      fc.constant({ kind: "switch" as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const sender = new ReliableSender<number>(64);
        const receiver = new ReliableReceiver<number>(64);
        const inFlight: ReliableFrame<number>[] = [];
        const received: number[] = [];
        let sent = 0;
        const take = (index: number): ReliableFrame<number> | undefined =>
          inFlight.splice(index % inFlight.length, 1)[0];
        for (const action of steps) {
          if (action.kind === "send") {
            const value = sent;
            const frame = sender.push(() => value);
            if (frame) {
              sent++;
              inFlight.push(frame);
            }
          } else if (action.kind === "switch") {
            inFlight.push(...sender.outstanding());
          } else if (inFlight.length > 0) {
            const frame = take(action.index);
            if (frame && action.kind === "deliver") {
              if (action.duplicate) inFlight.push(frame);
              const result = receiver.receive(frame);
              received.push(...result.deliver);
              sender.acknowledge(result.ackSeq);
            }
          }
        }
        // Drain: the path finally works and everything outstanding is resent and delivered.
        for (const frame of sender.outstanding()) received.push(...receiver.receive(frame).deliver);
        expect(received).toEqual(Array.from({ length: sent }, (_, index) => index));
      }),
      { numRuns: 300 },
    );
  });
});
