import type { PeerFrame } from "@rallypoint/protocol";
import type { LinkPath, Via } from "./link-info.js";

/** What a heartbeat needs of its link. */
export interface HeartbeatHooks {
  /** The path the link's game messages take now. */
  path(): LinkPath;
  /** Whether a data channel is open and must still prove it carries messages (the link policy's `upgrading`). */
  isUpgrading(): boolean;
  /** Sends a ping or a pong on `via` at once, never queued. */
  send(frame: PeerFrame, via: Via): void;
  /** A pong came back through the data channel while upgrading: WebRTC carries messages both ways. */
  verified(): void;
}

/** At most this many pings await their pong; older ones are forgotten (their pong is then ignored). */
const MAX_PINGS_IN_FLIGHT = 8;

/** The frames a heartbeat answers. */
export type HeartbeatFrame = Extract<PeerFrame, { type: "ping" | "pong" }>;

/**
 * One link's heartbeat: numbered pings on the path in use and a smoothed RTT from their pongs, the proof that a new
 * data channel carries messages (a pong back through it), and the silence that tells that a data channel died.
 */
export class LinkHeartbeat {
  /** Round-trip time on the path in use (smoothed), null until measured and after `pathChanged()`. */
  rttMs: number | null = null;
  /** When each ping in flight went out, by id. */
  private readonly sentAt = new Map<number, number>();
  private nextPingId = 0;
  private lastWebRTCMessageAt = 0;

  constructor(
    private readonly now: () => number,
    private readonly timeoutMs: number,
    private readonly link: HeartbeatHooks,
  ) {}

  /** The path changed: the RTT of the old one says nothing of the new one. */
  pathChanged(): void {
    this.rttMs = null;
  }

  /** The data channel opened: it counts as heard from, and is verified once the pong of this ping comes back. */
  channelOpened(): void {
    this.lastWebRTCMessageAt = this.now();
    this.ping("webrtc");
  }

  /** A frame came from the peer on `via`. */
  heard(via: Via): void {
    if (via === "webrtc") this.lastWebRTCMessageAt = this.now();
  }

  /** A ping is answered the way it came; a pong verifies WebRTC while upgrading, and measures the path in use. */
  receive(frame: HeartbeatFrame, via: Via): void {
    if (frame.type === "ping") {
      this.link.send({ type: "pong", id: frame.id }, via);
      return;
    }
    const sentAt = this.sentAt.get(frame.id);
    if (sentAt === undefined) return; // not in flight: answered already, or forgotten
    this.sentAt.delete(frame.id);
    if (via === "webrtc" && this.link.isUpgrading()) this.link.verified();
    if (this.link.path() !== via) return;
    const sample = this.now() - sentAt;
    this.rttMs = this.rttMs === null ? sample : Math.round((0.8 * this.rttMs + 0.2 * sample) * 100) / 100;
  }

  /** Whether the link is on a data channel that has been silent longer than the heartbeat timeout: it is dead. */
  isWebRTCSilent(): boolean {
    return this.link.path() === "webrtc" && this.now() - this.lastWebRTCMessageAt > this.timeoutMs;
  }

  /**
   * Probes the path in use. While upgrading it pings WebRTC again: the ping sent at open, or its pong, is lost when
   * the far end's channel was not open yet.
   */
  beat(): void {
    const path = this.link.path();
    if (path !== "none") this.ping(path);
    if (this.link.isUpgrading()) this.ping("webrtc");
  }

  private ping(via: Via): void {
    const id = this.nextPingId++;
    this.sentAt.set(id, this.now());
    if (this.sentAt.size > MAX_PINGS_IN_FLIGHT) this.sentAt.delete(id - MAX_PINGS_IN_FLIGHT);
    this.link.send({ type: "ping", id }, via);
  }
}
