import type { DataConnection } from "peerjs";
import {
  asBytes,
  decodeFrame,
  encodeFrame,
  type FrameBytes,
  type PeerFrame,
  type RelayChannel,
} from "@rallypoint/protocol";
import { decide, initialLink, routeFor, type LinkAction, type LinkInput, type LinkPolicyState } from "./link-policy.js";
import { EventStream } from "./event-stream.js";
import { emptyLinkStats, type LinkInfo, type LinkStats, type Via } from "./link-info.js";
import type { NetworkMode } from "./network-mode.js";
import { NetworkConditioner, type ConditionedPipe } from "./network-conditioner.js";
import type { PeerLinkConfig } from "./peer-link-config.js";
import { WebRTCChannel } from "./webrtc-channel.js";
import type { WebRTCRoute } from "./webrtc-route.js";

/** One state snapshot as it travels: the sender's sequence number, its shared-time stamp, the game's state. */
export interface StateSnapshot {
  seq: number;
  time: number;
  payload: unknown;
  teleport?: boolean;
}

/** What a link needs from the manager around it. */
export interface PeerLinkHost {
  /** Dials the peer over PeerJS (once our signaling socket is open); only called on the side that dials. */
  dial(peerId: string): Promise<DataConnection>;
  relay(peerId: string, channel: RelayChannel, bytes: FrameBytes): void;
  /** Whether the relay's pace lets a reliable frame of `bytes` go now; if not, `wake` is called once it may. */
  relayReady(bytes: number, wake: () => void): boolean;
  deliverEvent(peerId: string, type: string, payload: unknown, via: Via): void;
  deliverState(peerId: string, snapshot: StateSnapshot, via: Via): void;
  /** The path, the state or the stats that `getLinks()` shows changed in a way worth telling. */
  linkChanged(info: LinkInfo): void;
}

/** At most this many pings await their pong; older ones are forgotten (their pong is then ignored). */
const MAX_PINGS_IN_FLIGHT = 8;

/**
 * One peer pair: runs the pure link policy, carries out its actions (dialing, timers), and moves messages over
 * the path the policy picks. Reliable events go through a resend buffer, so a path switch loses nothing.
 */
export class PeerLink {
  private policy: LinkPolicyState;
  private channel: WebRTCChannel | undefined;
  private attemptTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reliable events both ways; kept encoded, so a resend repeats what was sent even if the game mutated the payload. */
  private readonly events: EventStream;
  private attemptId = 0;
  private readonly pingsSentAt = new Map<number, number>();
  private nextPingId = 0;
  private rttMs: number | null = null;
  private lastWebRTCMessageAt = 0;
  private lastSwitchAt: number | null = null;
  private readonly stats: LinkStats = emptyLinkStats();
  private webrtcRoute: WebRTCRoute | null = null;
  private lastFailure: string | null = null;
  private closed = false;
  /** Every frame to and from the peer passes these, so artificial network conditions apply to both paths. */
  private readonly outgoing: ConditionedPipe;
  private readonly incoming: ConditionedPipe;

  constructor(
    readonly peerId: string,
    private readonly isDialer: boolean,
    mode: NetworkMode,
    private readonly host: PeerLinkHost,
    private readonly config: PeerLinkConfig,
    conditioner: NetworkConditioner = new NetworkConditioner(),
  ) {
    this.outgoing = conditioner.pipe("outgoing");
    this.incoming = conditioner.pipe("incoming");
    const wake = (): void => this.events.pump();
    this.events = new EventStream(config.maxPendingEvents, () => config.now(), {
      route: () => (this.closed ? "none" : routeFor(this.policy)),
      canTake: (route, bytes) =>
        route === "webrtc" ? (this.channel?.canSendReliable() ?? false) : host.relayReady(bytes, wake),
      send: (route, bytes) => this.transmit("event", route, bytes),
      sendAck: (seq, via) => this.sendControl({ type: "ack", seq }, via),
      deliver: (name, payload, via) => host.deliverEvent(peerId, name, payload, via),
    });
    const { next, actions } = initialLink(mode);
    this.policy = next;
    this.carryOut(actions);
  }

  info(): LinkInfo {
    return {
      peerId: this.peerId,
      path: routeFor(this.policy),
      state: this.policy.state,
      rttMs: this.rttMs,
      lastSwitchAt: this.lastSwitchAt,
      webrtcRoute: this.webrtcRoute,
      lastFailure: this.lastFailure,
      pendingEvents: this.events.pending,
      stats: { event: { ...this.stats.event }, state: { ...this.stats.state } },
    };
  }

  setMode(mode: NetworkMode): void {
    this.apply({ type: "mode-changed", mode });
  }

  /** The remote side dialed us. */
  acceptIncoming(connection: DataConnection): void {
    const { next, actions } = decide(this.policy, { type: "incoming-connection" }, this.config.retry);
    if (!actions.some((action) => action.type === "accept-webrtc")) {
      connection.close();
      return;
    }
    this.transition(next, actions, connection);
  }

  /** WebRTC failed outside the channel (PeerJS could not reach the peer, or its signaling broke). */
  failWebRTC(reason = "webrtc signaling failed"): void {
    this.fail(reason);
  }

  /**
   * After either side's signaling outage: back on the relay at once, everything unacknowledged sent again through
   * it (copies the peer already has are dropped there), and a fresh WebRTC attempt that upgrades as usual.
   * `peerStartedOver`: the peer's page reloaded, so reliable numbering starts over both ways (EventStream.startOver).
   */
  restart(peerStartedOver = false): void {
    if (peerStartedOver) this.events.startOver();
    this.apply({ type: "restart" });
    this.events.resend();
  }

  /**
   * Queues a reliable event, its encoded body (`encodeEventBody`), sent in chunks when over one frame; false when the
   * resend buffer cannot take it (the peer has not acknowledged for too long).
   */
  sendEvent(body: FrameBytes): boolean {
    return this.events.send(body);
  }

  /**
   * Sends an encoded state frame (`encodeFrame({ type: "state", ...snapshot })`) on the unreliable path; dropped,
   * never queued, when there is none. `relayed`: the peers a broadcast goes to on the relay, sent once for all of
   * them by the mesh. A link on the relay joins it, unless simulated conditions hold its frames: then its copy waits
   * its own delay and leaves on its own.
   */
  sendState(frame: FrameBytes, relayed?: string[]): void {
    const route = routeFor(this.policy);
    if (route === "relay" && relayed && this.outgoing.isClear) {
      relayed.push(this.peerId);
      this.count("state", "out", frame.byteLength);
    } else if (route !== "none") this.transmit("state", route, frame);
  }

  /** A frame from the peer, from a data channel or the relay. Invalid frames are dropped and reported false. */
  receive(data: unknown, via: Via): boolean {
    const frame = decodeFrame(data);
    if (!frame || this.closed) return false;
    const lane = frame.type === "state" ? "state" : "event";
    const byteLength = asBytes(data)?.byteLength ?? 0;
    this.incoming.pass(lane === "state" ? "unreliable" : "reliable", () => {
      if (via === "webrtc") this.lastWebRTCMessageAt = this.config.now();
      this.count(lane, "in", byteLength);
      this.handle(frame, via, byteLength);
    });
    return true;
  }

  /** Heartbeat: probes the path in use, detects a dead data channel, resends unacknowledged events. */
  tick(): void {
    const now = this.config.now();
    const route = routeFor(this.policy);
    if (route === "webrtc" && now - this.lastWebRTCMessageAt > this.config.heartbeatTimeoutMs) {
      this.fail("heartbeat timeout");
      return;
    }
    if (route !== "none") this.ping(route);
    this.events.tick(Math.max(1000, 3 * (this.rttMs ?? 0)));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.attemptTimer);
    clearTimeout(this.retryTimer);
    this.channel?.close();
    this.channel = undefined;
    this.outgoing.close();
    this.incoming.close();
  }

  private handle(frame: PeerFrame, via: Via, byteLength: number): void {
    switch (frame.type) {
      case "ping":
        this.sendControl({ type: "pong", id: frame.id }, via);
        return;
      case "pong":
        this.onPong(frame.id, via);
        return;
      case "event":
      case "chunk":
        this.events.receive(frame, byteLength, via);
        return;
      case "ack":
        this.events.acknowledge(frame.seq);
        return;
      case "state":
        this.host.deliverState(this.peerId, frame, via);
        return;
    }
  }

  private onPong(id: number, via: Via): void {
    const sentAt = this.pingsSentAt.get(id);
    if (sentAt === undefined) return;
    this.pingsSentAt.delete(id);
    if (via === "webrtc" && this.policy.state === "upgrading" && this.channel) {
      this.apply({ type: "webrtc-verified" });
      this.learnRoute(this.channel);
    }
    if (routeFor(this.policy) !== via) return;
    const sample = this.config.now() - sentAt;
    this.rttMs = this.rttMs === null ? sample : Math.round((0.8 * this.rttMs + 0.2 * sample) * 100) / 100;
  }

  private ping(via: Via): void {
    const id = this.nextPingId++;
    this.pingsSentAt.set(id, this.config.now());
    if (this.pingsSentAt.size > MAX_PINGS_IN_FLIGHT) this.pingsSentAt.delete(id - MAX_PINGS_IN_FLIGHT);
    this.sendControl({ type: "ping", id }, via);
  }

  /** Pings, pongs and acks go back the way they are asked for; they are never queued. */
  private sendControl(frame: PeerFrame, via: Via): void {
    if (via === "relay" && this.policy.mode === "WEBRTC_ONLY") return;
    this.transmit("event", via, encodeFrame(frame));
  }

  /**
   * Puts a frame on `via`'s wire once it has passed this client's outgoing network conditions (at once when there
   * are none). A frame that cannot go out is not counted; a reliable one stays in the resend buffer.
   */
  private transmit(lane: RelayChannel, via: Via, bytes: FrameBytes): void {
    // Taken now: a frame already on its way does not jump to a channel that opened while it waited.
    const channel = this.channel;
    this.outgoing.pass(lane === "state" ? "unreliable" : "reliable", () => {
      if (via === "webrtc") {
        const isSent = lane === "state" ? channel?.sendUnreliable(bytes) : channel?.sendReliable(bytes);
        if (isSent !== true) return;
      } else {
        this.host.relay(this.peerId, lane, bytes);
      }
      this.count(lane, "out", bytes.byteLength);
    });
  }

  /** Records why WebRTC failed (shown as `lastFailure`) before the policy falls back. */
  private fail(reason: string): void {
    if (this.closed) return;
    this.lastFailure = reason;
    this.apply({ type: "webrtc-failed" });
  }

  /** Asks the connection which candidate pair it selected, and tells when that is known. */
  private learnRoute(channel: WebRTCChannel): void {
    void channel.route().then((route) => {
      if (this.channel !== channel || routeFor(this.policy) !== "webrtc" || route === this.webrtcRoute) return;
      this.webrtcRoute = route;
      this.host.linkChanged(this.info());
    });
  }

  private apply(input: LinkInput): void {
    if (this.closed) return;
    const { next, actions } = decide(this.policy, input, this.config.retry, () => this.config.random());
    this.transition(next, actions);
  }

  private transition(next: LinkPolicyState, actions: LinkAction[], incoming?: DataConnection): void {
    const before = this.policy;
    this.policy = next;
    this.carryOut(actions, incoming);
    const routeChanged = routeFor(before) !== routeFor(next);
    if (routeChanged) {
      this.lastSwitchAt = this.config.now();
      this.rttMs = null;
      this.webrtcRoute = null;
      // Whatever was in flight on the old path may be lost: the receiver drops the copies it already has.
      this.events.resend();
    }
    if (routeChanged || before.state !== next.state) this.host.linkChanged(this.info());
  }

  private carryOut(actions: LinkAction[], incoming?: DataConnection): void {
    for (const action of actions) {
      switch (action.type) {
        case "attempt-webrtc":
          this.startAttempt(undefined);
          if (this.isDialer) this.dial();
          break;
        case "accept-webrtc":
          this.startAttempt(incoming);
          break;
        case "reject-webrtc":
          incoming?.close();
          break;
        case "close-webrtc":
          clearTimeout(this.attemptTimer);
          this.channel?.close();
          this.channel = undefined;
          break;
        case "schedule-retry":
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.apply({ type: "retry-due" }), action.delayMs);
          break;
        case "cancel-retry":
          clearTimeout(this.retryTimer);
          break;
      }
    }
  }

  /** Opens (or, on the answering side, awaits) a channel; PeerJS does not report every ICE failure, hence the timeout. */
  private startAttempt(connection: DataConnection | undefined): void {
    this.attemptId++;
    clearTimeout(this.attemptTimer);
    this.channel?.close();
    this.channel = connection && this.watch(connection);
    this.attemptTimer = setTimeout(() => {
      if (this.policy.state !== "upgrading") return;
      const iceError = this.channel?.iceError;
      this.fail(`open timeout${this.channel ? "" : " (no data connection)"}${iceError ? `: ${iceError}` : ""}`);
    }, this.config.openTimeoutMs);
  }

  private dial(): void {
    const attempt = this.attemptId;
    void this.host.dial(this.peerId).then((connection) => {
      // The attempt may have timed out, been replaced by the remote's dial, or the link closed meanwhile.
      if (attempt !== this.attemptId || this.closed) connection.close();
      else this.channel = this.watch(connection);
    });
  }

  private watch(connection: DataConnection): WebRTCChannel {
    const channel: WebRTCChannel = new WebRTCChannel(connection, {
      onOpen: () => {
        if (this.channel !== channel) return;
        this.lastWebRTCMessageAt = this.config.now();
        this.ping("webrtc"); // verified once the pong comes back through the channel
      },
      onFailure: (reason) => {
        if (this.channel === channel) this.fail(channel.iceError ? `${reason}: ${channel.iceError}` : reason);
      },
      onMessage: (data) => {
        if (this.channel === channel) this.receive(data, "webrtc");
      },
      onDrain: () => {
        if (this.channel === channel) this.events.pump();
      },
    });
    return channel;
  }

  private count(channel: RelayChannel, direction: "in" | "out", byteLength: number): void {
    const stats = this.stats[channel];
    if (direction === "in") {
      stats.messagesIn++;
      stats.bytesIn += byteLength;
    } else {
      stats.messagesOut++;
      stats.bytesOut += byteLength;
    }
  }
}
