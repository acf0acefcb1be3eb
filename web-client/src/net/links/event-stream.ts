import { Limits, type ChunkFrame, type EventFrame, type FrameBytes } from "@rallypoint/protocol";
import { ChunkAssembler, encodePart, partCost, splitEvent, type EventPart } from "./event-chunks.js";
import type { Via } from "./link-info.js";
import { ReliableReceiver, ReliableSender } from "./reliable-channel.js";

/**
 * Most bytes of events awaiting acknowledgement per peer: four events of the largest size. Past it (or past
 * `maxPendingEvents` events) an event is refused for that peer whole, never in part (`send-buffer-full`). A broadcast
 * costs this budget on every link, but its memory once: the links' frames are views of one encoded body.
 */
export const MAX_PENDING_EVENT_BYTES = 4 * Limits.maxEventBytes;

/** What an event stream needs from its link: the path, the wire, and the game. */
export interface EventStreamPort {
  /** The path events take now; "none" keeps them queued. */
  route(): Via | "none";
  /** Whether `route` takes a frame of about `bytes` now; if not, `pump` is called again once it may. */
  canTake(route: Via, bytes: number): boolean;
  send(route: Via, bytes: FrameBytes): void;
  sendAck(seq: number, via: Via): void;
  deliver(name: string, payload: unknown, via: Via): void;
}

/**
 * One pair's reliable events, both ways. Out: each event's encoded body is cut into frames (one, or chunks of at
 * most Limits.maxFrameBytes), numbered, kept until acknowledged, and put on the path as fast as it takes them
 * (`pump`); when acks stop coming, or the path changes, everything unacknowledged goes again (`resend`). In: frames
 * are put in order, duplicates dropped, chunks joined back into events, and every frame acknowledged.
 */
export class EventStream {
  private readonly sender: ReliableSender<EventPart>;
  private readonly receiver: ReliableReceiver<EventFrame | ChunkFrame>;
  private readonly assembler = new ChunkAssembler();
  private lastAckProgressAt = 0;
  private lastResendAt = 0;

  constructor(
    maxPendingEvents: number,
    private readonly now: () => number,
    private readonly port: EventStreamPort,
  ) {
    const sizeOf = (part: EventPart): number => part.bytes.byteLength;
    this.sender = new ReliableSender({ events: maxPendingEvents, bytes: MAX_PENDING_EVENT_BYTES, sizeOf });
    // Early frames (after a path switch, or a relay send the server refused) are held up to one largest event.
    this.receiver = new ReliableReceiver(maxPendingEvents, Limits.maxEventBytes);
  }

  /** Events not yet fully acknowledged. */
  get pending(): number {
    return this.sender.pending;
  }

  /** Queues an event's encoded body; false when the resend buffer cannot take all of it (nothing is queued then). */
  send(body: FrameBytes): boolean {
    if (!this.sender.push(splitEvent(body))) return false;
    this.pump();
    return true;
  }

  /** Puts queued frames on the path, oldest first, while it takes them. */
  pump(): void {
    const route = this.port.route();
    if (route === "none") return;
    for (let frame = this.sender.next(); frame; frame = this.sender.next()) {
      if (!this.port.canTake(route, partCost(frame.payload))) return;
      // The ack timer runs from the moment something is in flight, not while frames wait for the path.
      if (this.sender.inFlight === 0) this.lastAckProgressAt = this.now();
      this.sender.markSent();
      this.port.send(route, encodePart(frame.seq, frame.payload));
    }
  }

  /** Sends everything unacknowledged again, paced like the first time; the receiver drops what it already has. */
  resend(): void {
    this.lastResendAt = this.now();
    this.sender.rewind();
    this.pump();
  }

  /** Heartbeat: resends when frames are in flight and no ack has made progress for `resendAfterMs`. */
  tick(resendAfterMs: number): void {
    const now = this.now();
    if (
      this.sender.inFlight > 0 &&
      now - this.lastAckProgressAt > resendAfterMs &&
      now - this.lastResendAt > resendAfterMs
    ) {
      this.resend();
    }
  }

  /**
   * The peer's page reloaded: numbering starts over both ways. What its previous page had not acknowledged goes to
   * it again from number 1; its own frames are expected from 1, and a half-received event of the old page is dropped.
   */
  startOver(): void {
    this.receiver.reset();
    this.assembler.reset();
    this.sender.renumber();
  }

  acknowledge(seq: number): void {
    if (this.sender.acknowledge(seq)) this.lastAckProgressAt = this.now();
  }

  /** An event or chunk frame of `bytes` from the peer. */
  receive(frame: EventFrame | ChunkFrame, bytes: number, via: Via): void {
    const { deliver, ackSeq } = this.receiver.receive({ seq: frame.seq, payload: frame }, bytes);
    for (const next of deliver) {
      const event = this.assembler.take(next);
      if (event) this.port.deliver(event.name, event.payload, via);
    }
    this.port.sendAck(ackSeq, via);
  }
}
