import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeFrame, encodeEventBody, encodeFrame, Limits, type FrameBytes } from "@rallypoint/protocol";
import { EventStream, MAX_PENDING_EVENT_BYTES } from "./event-stream.js";
import type { Via } from "./link-info.js";

interface Copy {
  to: "a" | "b";
  via: Via;
  bytes: FrameBytes;
}

/**
 * Two event streams joined by a wire that holds every frame until `deliver`. `room` is how many frames the path
 * takes before it reports itself full (a data channel's buffer, or the relay's pace); `open` refills it and pumps.
 */
function streamPair() {
  const wire: Copy[] = [];
  const received: Record<"a" | "b", unknown[]> = { a: [], b: [] };
  const path = { route: "relay" as Via | "none", room: Number.POSITIVE_INFINITY };
  const streams = {} as Record<"a" | "b", EventStream>;
  const make = (self: "a" | "b", other: "a" | "b"): EventStream =>
    new EventStream(64, () => Date.now(), {
      route: () => path.route,
      canTake: () => path.room > 0,
      send: (via, bytes) => {
        path.room--;
        wire.push({ to: other, via, bytes });
      },
      sendAck: (seq, via) => wire.push({ to: other, via, bytes: encodeFrame({ type: "ack", seq }) }),
      deliver: (_name, payload) => received[self].push(payload),
    });
  streams.a = make("a", "b");
  streams.b = make("b", "a");
  const take = (copy: Copy): void => {
    const frame = decodeFrame(copy.bytes);
    const stream = streams[copy.to];
    if (frame?.type === "ack") stream.acknowledge(frame.seq);
    else if (frame?.type === "event" || frame?.type === "chunk") stream.receive(frame, copy.bytes.byteLength, copy.via);
  };
  return {
    ...streams,
    wire,
    received,
    path,
    /** Delivers what is on the wire now (`count` frames, or all, also those sent meanwhile), in order. */
    deliver(count = Number.POSITIVE_INFINITY) {
      for (let n = 0; n < count && wire.length > 0; n++) take(wire.shift() as Copy);
    },
    /** The path takes `room` more frames; everything waiting goes out as far as that allows. */
    open(room = Number.POSITIVE_INFINITY) {
      path.room = room;
      streams.a.pump();
      streams.b.pump();
    },
  };
}

const cjk = (bytes: number): string => "漢字".repeat(Math.floor(bytes / 6)) + "x".repeat(bytes % 6);
/** A payload whose event body ("big", payload) is exactly `bytes` long (fixarray, "big", str32 header: 10 bytes). */
const bigText = (bytes: number): string => cjk(bytes - 10);

describe("EventStream", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("carries a 1 MiB event between small ones exactly once and in order, as fast as the path takes frames", () => {
    const pair = streamPair();
    pair.path.room = 10;
    const big = bigText(Limits.maxEventBytes);
    expect(encodeEventBody("big", big).byteLength).toBe(Limits.maxEventBytes);
    pair.a.send(encodeEventBody("n", 1));
    pair.a.send(encodeEventBody("big", big));
    pair.a.send(encodeEventBody("n", 2));
    expect(pair.wire).toHaveLength(10); // the path took 10 frames; the rest wait for it, not in a queue of their own
    let largestFrame = 0;
    for (let turns = 0; turns < 20 && pair.received.b.length < 3; turns++) {
      largestFrame = Math.max(largestFrame, ...pair.wire.map((copy) => copy.bytes.byteLength));
      pair.deliver();
      pair.open(10);
    }
    expect(pair.received.b).toEqual([1, big, 2]);
    expect(pair.a.pending).toBe(0);
    expect(largestFrame).toBeGreaterThan(16_000);
    expect(largestFrame).toBeLessThanOrEqual(Limits.maxFrameBytes);
  });

  it("finishes an event on the relay that began on WebRTC, when the path switches mid-message", () => {
    const pair = streamPair();
    pair.path.route = "webrtc";
    const big = bigText(200_000);
    pair.a.send(encodeEventBody("big", big));
    pair.a.send(encodeEventBody("n", 1));
    pair.deliver(5); // five chunks arrive over WebRTC...
    pair.wire.splice(0); // ...the rest of what was on the channel is lost with it
    pair.path.route = "relay";
    pair.a.resend(); // what the link does on a route change
    pair.deliver();
    expect(pair.received.b).toEqual([big, 1]);
    // Late copies from the old path change nothing.
    pair.path.route = "webrtc";
    pair.a.resend();
    pair.deliver();
    expect(pair.received.b).toEqual([big, 1]);
  });

  it("resends when acks stop coming (a relay send the server refused), and the receiver keeps one copy", () => {
    const pair = streamPair();
    const big = bigText(100_000);
    pair.a.send(encodeEventBody("big", big));
    pair.wire.splice(2, 1); // the server refused the third chunk (rate-limited): the others went through
    pair.deliver();
    expect(pair.received.b).toEqual([]);
    pair.a.tick(1000);
    expect(pair.wire).toEqual([]); // acks came a moment ago: nothing is resent yet
    vi.advanceTimersByTime(1001);
    pair.a.tick(1000);
    pair.deliver();
    expect(pair.received.b).toEqual([big]);
  });

  it("bounds what a sender holds for a peer that does not acknowledge: whole events refused, none in part", () => {
    const pair = streamPair();
    const body = encodeEventBody("big", bigText(Limits.maxEventBytes));
    const fits = MAX_PENDING_EVENT_BYTES / Limits.maxEventBytes;
    for (let n = 0; n < fits; n++) expect(pair.a.send(body)).toBe(true);
    expect(pair.a.send(body)).toBe(false);
    expect(pair.a.send(encodeEventBody("n", 1))).toBe(false);
    expect(pair.a.pending).toBe(fits);
    pair.wire.splice(0); // all lost: the peer never answers
    vi.advanceTimersByTime(1001);
    pair.a.tick(1000);
    expect(pair.a.pending).toBe(fits); // resending holds no more than before
    pair.deliver();
    expect(pair.received.b).toHaveLength(fits);
    expect(pair.a.send(encodeEventBody("n", 1))).toBe(true);
  });

  it("keeps events queued while there is no path, and sends them once there is", () => {
    const pair = streamPair();
    pair.path.route = "none";
    pair.a.send(encodeEventBody("big", bigText(50_000)));
    expect(pair.wire).toEqual([]);
    pair.path.route = "relay";
    pair.a.resend();
    pair.deliver();
    expect(pair.received.b).toHaveLength(1);
  });

  it("drops garbage chunks from a peer and still takes its honest events after them", () => {
    const pair = streamPair();
    const garbage = encodeFrame({ type: "chunk", seq: 1, total: 30_000, piece: new Uint8Array(16_000).fill(0xc1) });
    const rest = encodeFrame({ type: "chunk", seq: 2, total: 30_000, piece: new Uint8Array(14_000) });
    pair.wire.push({ to: "b", via: "relay", bytes: garbage }, { to: "b", via: "relay", bytes: rest });
    pair.deliver();
    expect(pair.received.b).toEqual([]);
    // The sender's own numbering starts at 1, below what b already took: those copies count as duplicates. A real
    // peer that sent garbage has used those numbers up, so its next frames come after them.
    pair.wire.push({ to: "b", via: "relay", bytes: encodeFrame({ type: "event", seq: 3, name: "n", payload: 1 }) });
    pair.deliver();
    expect(pair.received.b).toEqual([1]);
  });
});
