import { ErrorCode, Limits, type FrameBytes, type RoomJoined } from "@rallypoint/protocol";
import type { Emitter } from "../emitter.js";
import type { ResolvedOptions } from "../manager-options.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import type { GameEvent, LooseState, NetworkEvents, RoomInfo } from "../network-events.js";
import { encodeEvent, encodeWithinLimit, type ErrorThrottle } from "../links/frame-size.js";
import type { Via } from "../links/link-info.js";
import type { NetworkConditioner } from "../links/network-conditioner.js";
import type { NetworkMode } from "../links/network-mode.js";
import { PeerMesh, type MeshHost } from "../links/mesh.js";
import type { PeerLink } from "../links/peer-link.js";
import type { StateSnapshot } from "../links/peer-link-host.js";
import type { RelayFanout } from "../transport/relay-fanout.js";
import type { SignalingClient } from "../transport/signaling-client.js";
import type { RoomViewChange } from "../transport/signaling-session.js";
import { startWebRTCSession, type WebRTCSession } from "../transport/webrtc-session.js";
import { localNow } from "../sync/clock-sync.js";
import { ClockSyncDriver } from "../sync/clock-sync-driver.js";
import { StateSync } from "../sync/state-sync.js";
import { quantizeState } from "../sync/state-codec.js";
import { reportLinks } from "./link-reporter.js";
import { emitLobbyChange, followLobby, nextLobby, roomCopy, roomInfoOf } from "./lobby-view.js";
import { nextMembership } from "./membership.js";
import { onPageExit } from "./page-exit.js";
import { watchPageVisibility } from "./page-visibility.js";
import { decideResume } from "./resume.js";

/** What a room session borrows from the manager, which outlives it. */
export interface RoomSessionContext<State extends object, Events extends object> {
  options: ResolvedOptions;
  signaling: SignalingClient;
  events: Emitter<NetworkEvents<State, Events>>;
  conditioner: NetworkConditioner;
  relay: RelayFanout;
  oversizeStateErrors: ErrorThrottle;
  /** The session is over (left, the page went away, or the server ended it): the manager lets it go. */
  closed(): void;
}

/**
 * Everything that lives while this member has a seat in a room, created by entering it and ended together: the
 * room as this member knows it, the mesh of peer links, the PeerJS endpoint, clock and state sync, and the reports
 * to the server. It follows the server's room events, and catches up after a resume (see `decideResume`).
 */
export class RoomSession<State extends object, Events extends object> {
  room: RoomInfo;
  readonly mesh: PeerMesh;
  readonly clockSync: ClockSyncDriver;
  readonly stateSync: StateSync;
  private webrtc: WebRTCSession | undefined;
  /** This member's secret for PeerJS and `GET /api/ice` (renewed by a resume). */
  peerToken: string;
  /** The last host's newest state, kept past its peer-left for the host-changed that follows. */
  private departedHost: { id: string; state: LooseState | undefined } | undefined;
  private readonly stops: (() => void)[];
  private readonly pageVisibility: { stop(): void; resend(): void } | undefined;
  private isClosed = false;
  /** The number of the next state `sendState` sends, for the receivers' latest-wins. */
  private rawStateSeq = 0;

  constructor(
    joined: RoomJoined,
    mode: NetworkMode,
    private readonly context: RoomSessionContext<State, Events>,
  ) {
    const { options, signaling, events } = context;
    this.room = roomInfoOf(joined);
    this.peerToken = joined.peerToken;
    const exit =
      options.leaveOnPageHide || options.resumeAfterReload ? onPageExit(() => this.pageGone()) : () => undefined;
    this.startWebRTC(joined);
    this.clockSync = new ClockSyncDriver(() => signaling.syncTime());
    this.clockSync.on("error", (error) => events.emit("error", error));
    this.clockSync.start();
    this.stateSync = new StateSync(options.sync, {
      now: () => this.now(),
      broadcast: (snapshot) => this.broadcastState(snapshot),
    });
    const { relay, conditioner } = context;
    this.mesh = new PeerMesh(joined.selfId, mode, this.linkHost(), relay, options.link, conditioner);
    for (const member of joined.members) if (member.id !== joined.selfId) this.mesh.add(member.id);
    this.stops = [
      exit,
      reportLinks({ getLinks: () => this.mesh.infos(), on: (event, listener) => events.on(event, listener) }, (links) =>
        signaling.report({ links }),
      ),
      signaling.on("peer:joined", (member) => this.change(["peer:joined", member])),
      signaling.on("peer:left", (event) => this.change(["peer:left", event])),
      signaling.on("host:changed", (event) => this.change(["host:changed", event])),
      signaling.on("peer:reconnecting", ({ id }) => events.emit("peer-reconnecting", { id })),
      signaling.on("peer:resumed", ({ id, restarted = false }) => this.peerResumed(id, restarted)),
      followLobby(signaling, (change) => {
        this.room = nextLobby(this.room, change);
        emitLobbyChange(
          (event, value) => events.emit(event, value as NetworkEvents<State, Events>[typeof event]),
          change,
        );
      }),
      signaling.on("reconnecting", ({ reason }) => {
        // Links, their resend buffers and remote views stay; only what needs the server waits.
        this.clockSync.stop();
        events.emit("reconnecting", { reason });
      }),
      signaling.on("resumed", (resumed) => this.resumed(resumed)),
      signaling.on("relay:message", ({ from, data }) => this.receive(from, data, "relay")),
      signaling.on("disconnected", (reason) => {
        this.close();
        events.emit("disconnected", reason);
      }),
    ];
    this.pageVisibility = options.handOffHostWhenHidden
      ? watchPageVisibility((hidden) => signaling.report({ visibility: { hidden } }))
      : undefined;
  }

  /** The room's shared time, once the clock sync has a sample (the page's clock before). */
  now(): number {
    return this.clockSync.clock.now(localNow());
  }

  /** One state, now and unthrottled (see the manager's `sendState`), quantized as the schema says. */
  sendState(payload: LooseState, to: string | undefined): void {
    const quantized = quantizeState(this.context.options.sync.schema, payload);
    const snapshot = { type: "state" as const, seq: this.rawStateSeq++, time: this.now(), payload: quantized };
    this.mesh.sendState(encodeWithinLimit(snapshot, "State"), this.targets(to));
  }

  /** The links `to` names: every other member when undefined. Throws `unknown-peer` for anyone else. */
  private targets(to: string | undefined): PeerLink[] {
    if (to === undefined) return this.mesh.all();
    const link = this.mesh.get(to);
    if (!link) throw new NetworkError(ErrorCode.UnknownPeer, `No other member ${to} in room ${this.room.code}`);
    return [link];
  }

  /** A reliable event to `to` (or all), encoded once; a link whose resend buffer is full says so by an `error`. */
  sendEvent(type: string, payload: unknown, to: string | undefined): void {
    const targets = this.targets(to);
    if (type.length === 0 || type.length > Limits.maxEventTypeLength) {
      throw new NetworkError(
        ClientErrorCode.InvalidMessage,
        `Event type must be 1-${Limits.maxEventTypeLength} characters`,
      );
    }
    // Measured in encoded bytes (a JSON length would undercount CJK text 3x), and encoded once for every link.
    const body = encodeEvent(type, payload);
    for (const link of targets) {
      if (!link.sendEvent(body)) {
        this.context.events.emit(
          "error",
          new NetworkError(
            ClientErrorCode.SendBufferFull,
            `Dropped event "${type}" to ${link.peerId}: too many unacknowledged events`,
          ),
        );
      }
    }
  }

  /** The page goes away: keeps the seat for a reload and leaves without waiting (see the manager's options). */
  pageGone(): void {
    const { options, signaling } = this.context;
    const { leaveOnPageHide: leave, resumeAfterReload: keepSeat } = options;
    signaling.pageGone({ keepSeat, leave });
    if (!leave) return;
    this.close();
    signaling.close();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const stop of this.stops) stop();
    this.pageVisibility?.stop();
    this.clockSync.stop();
    this.stateSync.stop();
    this.mesh.close();
    this.webrtc?.destroy();
    this.context.closed();
  }

  private linkHost(): MeshHost {
    const { events } = this.context;
    return {
      dial: (id) => (this.webrtc as WebRTCSession).connect(id),
      // The pair checked framing and size; that `type` and `payload` belong together is the game's word.
      deliverEvent: (from, type, payload, via) =>
        events.emit("event", { from, type, payload, via } as GameEvent<Events>),
      deliverState: (from, snapshot, via) => {
        const payload = this.stateSync.receive(from, snapshot);
        if (!payload) {
          events.emit(
            "error",
            new NetworkError(ClientErrorCode.InvalidMessage, `Dropped a malformed state from ${from}`),
          );
          return;
        }
        const { seq, time, teleport = false } = snapshot;
        events.emit("state", { from, payload: payload as State, via, seq, time, teleport });
      },
      linkChanged: (info) => events.emit("link-changed", info),
    };
  }

  private startWebRTC(joined: RoomJoined): void {
    const { options, events } = this.context;
    this.webrtc?.destroy();
    this.peerToken = joined.peerToken;
    this.webrtc = startWebRTCSession(joined, options, {
      incoming: (connection) => this.mesh.accept(connection),
      unavailable: (peerId, reason) => this.mesh.get(peerId)?.failWebRTC(reason, "signaling-failed"),
      failed: (error) => {
        this.mesh.failWebRTC(error.message);
        events.emit("error", error);
      },
      error: (error) => events.emit("error", error),
    });
  }

  /** setLocalState's snapshots, encoded once for all links; too large: dropped, ≤1 `error` a second. */
  private broadcastState(snapshot: StateSnapshot): void {
    let frame: FrameBytes;
    try {
      frame = encodeWithinLimit({ type: "state", ...snapshot }, "State");
    } catch (error) {
      if (error instanceof NetworkError) this.context.oversizeStateErrors.report(error);
      return;
    }
    this.mesh.sendState(frame);
  }

  private receive(from: string, data: unknown, via: Via): void {
    if (this.mesh.receive(from, data, via) === false) {
      this.context.events.emit(
        "error",
        new NetworkError(ClientErrorCode.InvalidMessage, `Dropped a malformed message from ${from}`),
      );
    }
  }

  /** A server event that changes the room: the room, the links and the game's view follow it. */
  private change(change: RoomViewChange): void {
    const { events } = this.context;
    const step = nextMembership(this.room, change);
    if (step.room === this.room) return; // a member already known
    this.room = step.room;
    switch (change[0]) {
      case "peer:joined":
        this.mesh.add(change[1].id);
        events.emit("peer-joined", change[1]);
        return;
      case "peer:left": {
        const { id } = change[1];
        if (step.hostLeft) this.departedHost = { id, state: this.stateSync.latestState(id) };
        this.mesh.remove(id);
        this.stateSync.removePeer(id);
        events.emit("peer-left", change[1]);
        return;
      }
      case "host:changed": {
        const departed = this.departedHost;
        this.departedHost = undefined;
        events.emit("host-changed", change[1]);
        const previousHostId = step.migratedFrom;
        if (previousHostId === undefined) return;
        const lastHostState =
          this.stateSync.latestState(previousHostId) ?? (departed?.id === previousHostId ? departed.state : undefined);
        events.emit("host-migration", { previousHostId, lastHostState: lastHostState as State | undefined });
      }
    }
  }

  private peerResumed(id: string, restarted: boolean): void {
    // Its PeerJS peer may be new: both sides start the pair over, so they dial and answer the same attempt. A
    // reloaded page also numbers its messages from the start again, and knows nothing it was sent.
    this.mesh.get(id)?.restart(restarted);
    if (restarted) this.stateSync.removePeer(id);
    this.context.events.emit("peer-resumed", { id, restarted });
  }

  /** Our seat is back: catch up on what the room did meanwhile, then start every pair over. */
  private resumed(resumed: RoomJoined): void {
    for (const action of decideResume(this.room, resumed, this.webrtc?.isDisconnected ?? true)) {
      if (action[0] === "restart-webrtc") this.startWebRTC(resumed);
      else if (action[0] === "start-over") {
        this.mesh.restart();
        this.clockSync.start();
        this.pageVisibility?.resend();
      } else this.change(action);
    }
    const { properties, settings } = roomInfoOf(resumed);
    this.room = { ...this.room, properties, settings };
    this.context.events.emit("resumed", roomCopy(this.room));
  }
}
