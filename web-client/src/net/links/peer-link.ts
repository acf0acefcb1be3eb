import type { DataConnection } from "peerjs";
import { encodeFrame, type FrameBytes, type PeerFrame, type RelayReason } from "@rallypoint/protocol";
import {
  decide,
  initialLink,
  LinkState,
  relayReason,
  routeFor,
  type LinkAction,
  type LinkInput,
  type LinkPolicyState,
} from "./link-policy.js";
import { EventStream } from "./event-stream.js";
import { LinkHeartbeat } from "./link-heartbeat.js";
import type { LinkInfo, Via } from "./link-info.js";
import { LinkTraffic } from "./link-traffic.js";
import type { NetworkMode } from "./network-mode.js";
import { NetworkConditioner } from "./network-conditioner.js";
import type { PeerLinkConfig } from "./peer-link-config.js";
import type { PeerLinkHost } from "./peer-link-host.js";
import { WebRTCAttempt } from "./webrtc-attempt.js";
import type { SelectedRoute } from "./webrtc-route.js";

/**
 * One peer pair: runs the pure link policy, carries out its actions (dialing, timers), and moves messages over
 * the path the policy picks. Reliable events go through a resend buffer, so a path switch loses nothing.
 */
export class PeerLink {
  private policy: LinkPolicyState;
  private readonly attempt: WebRTCAttempt;
  private readonly heartbeat: LinkHeartbeat;
  /** Reliable events both ways; kept encoded, so a resend repeats what was sent even if the game mutated the payload. */
  private readonly events: EventStream;
  private lastSwitchAt: number | null = null;
  private route: SelectedRoute | null = null;
  private lastFailure: string | null = null;
  /** Why the last failure that the policy took happened: the pair's `relayReason` until WebRTC works again. */
  private failureKind: RelayReason | null = null;
  private closed = false;
  /** Every frame to and from the peer, through the simulated network conditions of this client, counted. */
  private readonly traffic: LinkTraffic;

  constructor(
    readonly peerId: string,
    isDialer: boolean,
    mode: NetworkMode,
    private readonly host: PeerLinkHost,
    private readonly config: PeerLinkConfig,
    conditioner: NetworkConditioner = new NetworkConditioner(),
  ) {
    this.traffic = new LinkTraffic(conditioner, {
      channel: () => this.attempt.channel,
      relay: (lane, bytes) => host.relay(peerId, lane, bytes),
    });
    this.heartbeat = new LinkHeartbeat(() => config.now(), config.heartbeatTimeoutMs, {
      path: () => routeFor(this.policy),
      isUpgrading: () => this.policy.state === "upgrading",
      send: (frame, via) => this.sendControl(frame, via),
      verified: () => this.verified(),
    });
    const dial = isDialer ? () => host.dial(peerId) : undefined;
    this.attempt = new WebRTCAttempt(config.openTimeoutMs, dial, {
      onOpen: () => this.heartbeat.channelOpened(),
      // Whatever ends a channel that was working, the pair lost a connection it had.
      onFailure: (reason, kind) =>
        this.failWebRTC(reason, this.policy.state === LinkState.WebRTC ? "connection-lost" : kind),
      onTimeout: (reason, kind) => {
        if (this.policy.state === "upgrading") this.failWebRTC(reason, kind);
      },
      onMessage: (data) => this.receive(data, "webrtc"),
      onDrain: () => this.events.pump(),
      onRetry: () => this.apply({ type: "retry-due" }),
    });
    const wake = (): void => this.events.pump();
    this.events = new EventStream(config.maxPendingEvents, () => config.now(), {
      route: () => (this.closed ? "none" : routeFor(this.policy)),
      canTake: (route, bytes) =>
        route === "webrtc" ? (this.attempt.channel?.canSendReliable() ?? false) : host.relayReady(bytes, wake),
      send: (route, bytes) => this.traffic.send("event", route, bytes),
      sendAck: (seq, via) => this.sendControl({ type: "ack", seq }, via),
      deliver: (name, payload, via) => host.deliverEvent(peerId, name, payload, via),
    });
    const { next, actions } = initialLink(mode);
    this.policy = next;
    this.attempt.carryOut(actions);
  }

  info(): LinkInfo {
    return {
      peerId: this.peerId,
      path: routeFor(this.policy),
      state: this.policy.state,
      rttMs: this.heartbeat.rttMs,
      lastSwitchAt: this.lastSwitchAt,
      webrtcRoute: this.route?.route ?? null,
      turnTransport: this.route?.turnTransport ?? null,
      lastFailure: this.lastFailure,
      relayReason: relayReason(this.policy, this.failureKind),
      pendingEvents: this.events.pending,
      stats: { event: { ...this.traffic.stats.event }, state: { ...this.traffic.stats.state } },
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
    if (route === "relay" && relayed && this.traffic.isClear) {
      relayed.push(this.peerId);
      this.traffic.sentInBroadcast(frame.byteLength);
    } else if (route !== "none") this.traffic.send("state", route, frame);
  }

  /** A frame from the peer, from a data channel or the relay. Invalid frames are dropped and reported false. */
  receive(data: unknown, via: Via): boolean {
    if (this.closed) return false;
    return this.traffic.receive(data, (frame, byteLength) => {
      this.heartbeat.heard(via);
      this.handle(frame, via, byteLength);
    });
  }

  /** Every heartbeat interval: detects a dead data channel, probes the path, resends unacknowledged events. */
  tick(): void {
    if (this.heartbeat.isWebRTCSilent()) {
      this.failWebRTC("heartbeat timeout", "connection-lost");
      return;
    }
    this.heartbeat.beat();
    this.events.tick(Math.max(1000, 3 * (this.heartbeat.rttMs ?? 0)));
  }

  close(): void {
    this.closed = true;
    this.attempt.close();
    this.traffic.close();
  }

  private handle(frame: PeerFrame, via: Via, byteLength: number): void {
    switch (frame.type) {
      case "ping":
      case "pong":
        this.heartbeat.receive(frame, via);
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

  /**
   * The heartbeat's pong came back through the data channel: WebRTC carries the pair from now on. Follows the
   * candidate pair the connection selects, and tells when it is known and when it changes.
   */
  private verified(): void {
    const { channel } = this.attempt;
    if (!channel) return;
    this.apply({ type: "webrtc-verified" });
    channel.watchRoute((route) => {
      if (this.attempt.channel !== channel || routeFor(this.policy) !== "webrtc") return;
      this.route = route;
      this.host.linkChanged(this.info());
    });
  }

  /** Pings, pongs and acks go back the way they are asked for; they are never queued. */
  private sendControl(frame: PeerFrame, via: Via): void {
    if (via === "relay" && this.policy.mode === "WEBRTC_ONLY") return;
    this.traffic.send("event", via, encodeFrame(frame));
  }

  /**
   * WebRTC failed (the channel, or outside it: PeerJS could not reach the peer, or its signaling broke). Records why
   * (shown as `lastFailure`, and in one word as `relayReason`) before the policy falls back.
   */
  failWebRTC(reason: string, kind: RelayReason): void {
    if (this.closed) return;
    this.lastFailure = reason;
    this.apply({ type: "webrtc-failed" }, kind);
  }

  /** `failureKind`: why, for a failure; kept only if the policy counts it (one after the fallback is not why). */
  private apply(input: LinkInput, failureKind?: RelayReason): void {
    if (this.closed) return;
    const { next, actions } = decide(this.policy, input, this.config.retry, () => this.config.random());
    if (failureKind && next.failures > this.policy.failures) this.failureKind = failureKind;
    this.transition(next, actions);
  }

  private transition(next: LinkPolicyState, actions: LinkAction[], incoming?: DataConnection): void {
    const before = this.policy;
    this.policy = next;
    this.attempt.carryOut(actions, incoming);
    const routeChanged = routeFor(before) !== routeFor(next);
    if (routeChanged) {
      this.lastSwitchAt = this.config.now();
      this.heartbeat.pathChanged();
      this.route = null;
      // Whatever was in flight on the old path may be lost: the receiver drops the copies it already has.
      this.events.resend();
    }
    if (routeChanged || before.state !== next.state) this.host.linkChanged(this.info());
  }
}
