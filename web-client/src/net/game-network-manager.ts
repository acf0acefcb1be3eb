import {
  ErrorCode,
  Limits,
  type HostChanged,
  type Member,
  type PeerLeft,
  type RoomJoined,
  type FrameBytes,
} from "@rallypoint/protocol";
import type {
  EventType,
  GameEvent,
  HostMigration,
  LooseEvents,
  LooseState,
  NetworkEvents,
  RoomInfo,
} from "./network-events.js";
import { Emitter } from "./emitter.js";
import { encodeEvent, encodeWithinLimit, ErrorThrottle } from "./links/frame-size.js";
import { resolveOptions, type GameNetworkManagerOptions, type ResolvedOptions } from "./manager-options.js";
import { ClientErrorCode, NetworkError } from "./network-error.js";
import { SignalingClient } from "./transport/signaling-client.js";
import type { DisconnectReason } from "./transport/signaling-types.js";
import type { LinkInfo, Via } from "./links/link-info.js";
import { NetworkMode } from "./links/network-mode.js";
import { PeerLink, type PeerLinkHost, type StateSnapshot } from "./links/peer-link.js";
import { RelayFanout } from "./transport/relay-fanout.js";
import { NetworkConditioner, type NetworkConditions } from "./links/network-conditioner.js";
import { startWebRTCSession, type WebRTCSession } from "./transport/webrtc-session.js";
import { reportLinks } from "./session/link-reporter.js";
import { onPageExit } from "./session/page-exit.js";
import { rememberedRoomCode } from "./transport/seat-memory.js";
import { watchPageVisibility } from "./session/page-visibility.js";
import { localNow, type ClockEstimate } from "./sync/clock-sync.js";
import { ClockSyncDriver } from "./sync/clock-sync-driver.js";
import { StateSync } from "./sync/state-sync.js";
import { quantizeState } from "./sync/state-codec.js";
import type { RemoteViewStats } from "./sync/remote-view.js";

/**
 * The public entry of Rallypoint: a room by code and a message mesh between its members. Each pair starts on the
 * server relay at once, moves to WebRTC data channels when they open, and falls back (and back up) by itself.
 *
 * Two type parameters say what the game sends: `State`, the object each player publishes with `setLocalState` and
 * reads back with `getRemoteState`, and `Events`, a map from each reliable event type to its payload. `sendEvent`
 * accepts only those types with their payloads, and the `event` listener gets a union that `type` narrows. Both
 * default to loose types (`LooseState`, `LooseEvents`), so `new GameNetworkManager()` takes any object and any
 * event. The types are the game's word for what its players send, not a check of it: the library checks the fields
 * the `stateSchema` declares, and the size of everything, but not event payloads.
 * @example
 * interface Ship { position: [number, number]; velocity: [number, number]; heading: number }
 * type ShipEvents = { tag: { target: string }; chat: { text: string } };
 *
 * const net = new GameNetworkManager<Ship, ShipEvents>({ name: "Ada", stateSchema: SHIP_SCHEMA });
 * const room = await net.createRoom();          // or await net.joinRoom("K7MQ2X")
 * net.on("event", ({ from, type, payload }) => {
 *   if (type === "chat") log(from, payload.text); // payload: { text: string }
 *   else flash(payload.target);                   // payload: { target: string }
 * });
 * net.sendEvent("chat", { text: "hi" });
 * net.setLocalState(ship);                       // every frame; getRemoteState(id) gives a Ship back
 */
export class GameNetworkManager<State extends object = LooseState, Events extends object = LooseEvents> {
  private readonly events = new Emitter<NetworkEvents<State, Events>>();
  private readonly options: ResolvedOptions;
  private readonly signaling: SignalingClient;
  private readonly links = new Map<string, PeerLink>();
  private readonly conditioner = new NetworkConditioner();
  /** What the links put on the relay in one turn, sent once per frame rather than once per link. */
  private readonly relayFanout: RelayFanout;
  private mode: NetworkMode;
  private webrtc: WebRTCSession | undefined;
  private stopLinkReports: (() => void) | undefined;
  private stopPageExit: (() => void) | undefined;
  private pageVisibility: { stop(): void; resend(): void } | undefined;
  private readonly oversizeStateErrors = new ErrorThrottle((error) => this.events.emit("error", error));
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private clockSync: ClockSyncDriver | undefined;
  private stateSync: StateSync | undefined;
  private rawStateSeq = 0;
  private currentRoom: RoomInfo | undefined;
  /** The last host's newest state, kept past its peer-left for the host-changed that follows. */
  private departedHost: { id: string; state: State | undefined } | undefined;

  constructor(options: GameNetworkManagerOptions = {}) {
    this.options = resolveOptions(options);
    this.mode = this.options.mode;
    this.signaling = new SignalingClient({
      serverUrl: this.options.serverUrl,
      ackTimeoutMs: this.options.ackTimeoutMs,
      reconnect: this.options.reconnect,
      authToken: this.options.authToken,
    });
    this.relayFanout = new RelayFanout(
      (to, channel, bytes) => this.signaling.relay(to, channel, bytes),
      () => this.links.keys(),
    );
    this.signaling.on("peer:joined", (member) => this.onPeerJoined(member));
    this.signaling.on("peer:left", (event) => this.onPeerLeft(event));
    this.signaling.on("peer:reconnecting", ({ id }) => this.onPeerReconnecting(id));
    this.signaling.on("peer:resumed", ({ id, restarted = false }) => this.onPeerResumed(id, restarted));
    this.signaling.on("host:changed", (event) => this.onHostChanged(event));
    this.signaling.on("reconnecting", (event) => this.onReconnecting(event.reason));
    this.signaling.on("resumed", (joined) => this.onResumed(joined));
    this.signaling.on("relay:message", ({ from, data }) => this.receive(from, data, "relay"));
    this.signaling.on("disconnected", (reason) => this.onDisconnected(reason));
    // Said just before the server drops this connection: why (slow-consumer is then resumed like any drop).
    this.signaling.on("server:error", ({ code, message }) =>
      this.events.emit("error", new NetworkError(code, message)),
    );
  }

  /**
   * Subscribes to an event (see `NetworkEvents` for each one's value); returns the function that unsubscribes.
   * @example
   * const off = net.on("peer-joined", (member) => console.log(`${member.name} joined`));
   */
  on<K extends keyof NetworkEvents<State, Events>>(
    event: K,
    listener: (value: NetworkEvents<State, Events>[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Called when this player becomes host, because the host left or its connection dropped, with what the game needs
   * to take its authority over. Returns the function that unsubscribes.
   * @example
   * net.onHostMigration(({ previousHostId, lastHostState }) => game.becomeAuthority(lastHostState));
   */
  onHostMigration(handler: (migration: HostMigration<State>) => void): () => void {
    return this.events.on("host-migration", handler);
  }

  /**
   * The current room, or undefined outside one: a copy, so keep reading it rather than keeping it.
   * @example
   * const isHost = net.room?.hostId === net.room?.selfId;
   */
  get room(): RoomInfo | undefined {
    return this.currentRoom && { ...this.currentRoom, members: [...this.currentRoom.members] };
  }

  /**
   * Creates a room with a fresh code and joins it as its host. Rejects with a `NetworkError` (e.g. `unauthorized`,
   * `server-unreachable`, `timeout`); throws `already-in-room` at once when in one.
   * @example
   * const { code } = await net.createRoom(); // show `code` to the friends who join
   */
  async createRoom(): Promise<RoomInfo> {
    this.assertNotInRoom();
    return this.enter(await this.seatedOrClosed(() => this.signaling.createRoom(this.options.name)));
  }

  /**
   * Joins a room by code (case-insensitive; spaces and dashes are ignored). Rejects with a `NetworkError` such as
   * `room-not-found` or `room-full`. After a reload, a room this tab held a seat in is rejoined on that seat (same
   * id, even when the room is full; see `resumeAfterReload` and `roomToResume`).
   * @example
   * const room = await net.joinRoom("k7mq-2x"); // room.code === "K7MQ2X"
   */
  async joinRoom(code: string): Promise<RoomInfo> {
    this.assertNotInRoom();
    const { name, resumeAfterReload } = this.options;
    return this.enter(
      await this.seatedOrClosed(
        async () =>
          (resumeAfterReload ? await this.signaling.resumeKeptSeat(code) : undefined) ??
          (await this.signaling.joinRoom(code, name)),
      ),
    );
  }

  /**
   * The code of the room whose seat the previous page of this tab kept as it went away (a reload), if any:
   * `joinRoom(code)` takes that seat back. Undefined with `resumeAfterReload: false`.
   * @example
   * const code = net.roomToResume() ?? new URLSearchParams(location.search).get("room");
   * if (code) await net.joinRoom(code);
   */
  roomToResume(): string | undefined {
    return this.options.resumeAfterReload ? rememberedRoomCode(this.options.serverUrl) : undefined;
  }

  /**
   * The current network mode.
   * @example
   * if (net.getMode() === NetworkMode.SignalingOnly) showRelayBadge();
   */
  getMode(): NetworkMode {
    return this.mode;
  }

  /**
   * Switches the network mode at run time, without rejoining. Reliable events in flight are neither lost nor doubled.
   * @example net.setMode("SIGNALING_ONLY")
   */
  setMode(mode: NetworkMode): void {
    if (!Object.values(NetworkMode).includes(mode)) throw new TypeError(`Unknown network mode: ${mode as string}`);
    this.mode = mode;
    for (const link of this.links.values()) link.setMode(mode);
  }

  /**
   * Sends a reliable game event to one member, or to every other member when `to` is omitted. Delivered exactly
   * once and in order per sender, whichever path carries it. `type` must be an event type of `Events` and
   * `payload` its payload; encoded, at most `Limits.maxEventBytes` (1 MiB), sent in chunks past one frame (16 KiB).
   * @example net.sendEvent("tag", { target: otherId })
   */
  sendEvent<K extends EventType<Events>>(type: K, payload: Events[K], to?: string): void {
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
        this.events.emit(
          "error",
          new NetworkError(
            ClientErrorCode.SendBufferFull,
            `Dropped event "${type}" to ${link.peerId}: too many unacknowledged events`,
          ),
        );
      }
    }
  }

  /**
   * Sets this player's state; call it as often as you like (every frame). It goes to everyone at most `tickRate`
   * times a second, latest-wins, over the unreliable path, quantized as the `stateSchema` says. `teleport` tells
   * receivers to snap to it (respawn, portal) instead of gliding.
   * @example net.setLocalState({ position: [x, y], velocity: [vx, vy], heading })
   */
  setLocalState(state: State, options: { teleport?: boolean } = {}): void {
    const sync = this.stateSync;
    if (!sync) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room first");
    sync.setLocalState(looseState(state), options.teleport ?? false);
  }

  /**
   * A remote player's state as it should be drawn at `at` (default: `now()`): interpolated between its snapshots
   * a little in the past, or briefly predicted when they run dry. Undefined before its first snapshot.
   * @example const ship = net.getRemoteState(peerId); if (ship) draw(ship.position);
   */
  getRemoteState(peerId: string, at?: number): State | undefined {
    return this.gameState(this.stateSync?.remoteState(peerId, at)?.state);
  }

  /**
   * Interpolation statistics for one remote player: delay, jitter, underruns. Undefined before its first snapshot.
   * @example
   * const stats = net.getRemoteStats(peerId); if (stats) hud.text = `${stats.delayMs.toFixed(0)} ms behind`;
   */
  getRemoteStats(peerId: string): RemoteViewStats | undefined {
    return this.stateSync?.remoteStats(peerId);
  }

  /**
   * Sends one state object right away, without throttling (for games that run their own sync, such as martini-kit
   * games through MartiniTransport): unreliable and latest-wins like `setLocalState`.
   * @example net.sendState(ship, hostId)
   */
  sendState(payload: State, to?: string): void {
    const snapshot = {
      seq: this.rawStateSeq++,
      time: this.now(),
      payload: quantizeState(this.options.sync.schema, looseState(payload)),
    };
    const targets = this.targets(to);
    const frame = encodeWithinLimit({ type: "state", ...snapshot }, "State");
    for (const link of targets) link.sendState(frame);
  }

  /**
   * The room's shared time (ms since the epoch, on the server's clock), synchronized NTP-style with the server.
   * @example
   * const secondsLeft = (roundEndsAt - net.now()) / 1000; // the same on every member's screen
   */
  now(): number {
    return this.clockSync?.clock.now(localNow()) ?? localNow();
  }

  /**
   * The clock estimate behind `now()` (offset, uncertainty, RTT, drift), or null before the first sample.
   * @example
   * const clock = net.getClockEstimate(); if (clock) console.log(`±${clock.uncertaintyMs} ms`);
   */
  getClockEstimate(): ClockEstimate | null {
    return this.clockSync?.clock.estimate() ?? null;
  }

  /**
   * Per peer: path, link state, RTT and message/byte counters.
   * @example
   * for (const link of net.getLinks()) console.log(link.peerId, link.path, link.rttMs);
   */
  getLinks(): LinkInfo[] {
    return [...this.links.values()].map((link) => link.info());
  }

  /**
   * Simulates a worse network for this player's game messages, on both paths and both ways: half of `latencyMs`
   * on each message sent, half on each received (so every round trip, RTT included, grows by `latencyMs` ±
   * `jitterMs`), and `lossPercent` of state dropped each way. Events are delayed but never lost or reordered. Fields
   * left out are 0; null or all zeros turns it off. Kept across rooms. Throws a RangeError or TypeError on a bad value.
   * @example net.setConditions({ latencyMs: 150, jitterMs: 30, lossPercent: 2 }); // a 3G-like link
   */
  setConditions(conditions: Partial<NetworkConditions> | null): void {
    this.conditioner.set(conditions);
  }

  /**
   * The simulated network conditions in force, or null when off (the default).
   * @example
   * const conditions = net.getConditions(); // null, or e.g. { latencyMs: 150, jitterMs: 30, lossPercent: 2 }
   */
  getConditions(): NetworkConditions | null {
    return this.conditioner.get();
  }

  /**
   * Leaves the room and closes every connection. The manager can create or join a room again afterwards. (Closing
   * or navigating away from the page leaves by itself: see the `leaveOnPageHide` option.)
   * @example
   * quitButton.onclick = async () => { await net.leave(); showLobby(); };
   */
  async leave(): Promise<void> {
    if (!this.currentRoom) return;
    // What the game sent before leaving goes out before the leave does.
    this.relayFanout.flush();
    try {
      await this.signaling.leaveRoom();
    } finally {
      this.reset();
      this.signaling.close();
    }
  }

  /**
   * The page goes away, to close or to reload: it keeps its seat for a reload (`resumeAfterReload`) and leaves
   * without waiting for the server's answer (`leaveOnPageHide`), so the others see `peer-left` with reason `left`
   * within the server's short reload window instead of the seat held for a tab that will not come back.
   */
  private leaveAsThePageCloses(): void {
    if (!this.currentRoom) return;
    this.relayFanout.flush();
    const { leaveOnPageHide: leave, resumeAfterReload: keepSeat } = this.options;
    this.signaling.pageGone({ keepSeat, leave });
    if (!leave) return;
    this.reset();
    this.signaling.close();
  }

  private enter(joined: RoomJoined): RoomInfo {
    this.currentRoom = { code: joined.code, selfId: joined.selfId, hostId: joined.hostId, members: joined.members };
    if (this.options.leaveOnPageHide || this.options.resumeAfterReload) {
      this.stopPageExit = onPageExit(() => this.leaveAsThePageCloses());
    }
    this.startWebRTC(joined);
    this.clockSync = new ClockSyncDriver(() => this.signaling.syncTime());
    this.clockSync.on("error", (error) => this.events.emit("error", error));
    this.clockSync.start();
    this.stateSync = new StateSync(this.options.sync, {
      now: () => this.now(),
      broadcast: (snapshot) => this.broadcastState(snapshot),
    });
    this.heartbeat = setInterval(() => {
      for (const link of this.links.values()) link.tick();
    }, this.options.link.heartbeatIntervalMs);
    for (const member of joined.members) if (member.id !== joined.selfId) this.addLink(member.id);
    this.stopLinkReports = reportLinks(this, (report) => this.signaling.reportLinks(report));
    if (this.options.handOffHostWhenHidden) {
      this.pageVisibility = watchPageVisibility((hidden) => this.signaling.reportVisibility(hidden));
    }
    return this.room as RoomInfo;
  }

  private startWebRTC(joined: RoomJoined): void {
    this.webrtc?.destroy();
    this.webrtc = startWebRTCSession(joined, this.options, {
      incoming: (connection) => {
        const link = this.links.get(connection.peer);
        if (link) link.acceptIncoming(connection);
        else connection.close(); // not a member of our room
      },
      unavailable: (peerId, reason) => this.links.get(peerId)?.failWebRTC(reason),
      failed: (error) => {
        for (const link of this.links.values()) link.failWebRTC(error.message);
        this.events.emit("error", error);
      },
      error: (error) => this.events.emit("error", error),
    });
  }

  private addLink(peerId: string): void {
    const room = this.requireRoom();
    const host: PeerLinkHost = {
      dial: (id) => this.requireWebRTC().connect(id),
      relay: (id, channel, bytes) => this.relayFanout.relay(id, channel, bytes),
      relayReady: (bytes, wake) => this.relayFanout.pacer.reserve(bytes, wake),
      // The pair checked framing and size; that `type` and `payload` belong together is the game's word (see above).
      deliverEvent: (from, type, payload, via) =>
        this.events.emit("event", { from, type, payload, via } as GameEvent<Events>),
      deliverState: (from, snapshot, via) => {
        const payload = this.stateSync?.receive(from, snapshot);
        if (!payload) {
          this.events.emit(
            "error",
            new NetworkError(ClientErrorCode.InvalidMessage, `Dropped a malformed state from ${from}`),
          );
          return;
        }
        const { seq, time, teleport = false } = snapshot;
        this.events.emit("state", { from, payload: payload as State, via, seq, time, teleport });
      },
      linkChanged: (info) => this.events.emit("link-changed", info),
    };
    // Exactly one side of each pair dials: the one with the lower id.
    this.links.set(
      peerId,
      new PeerLink(peerId, room.selfId < peerId, this.mode, host, this.options.link, this.conditioner),
    );
  }

  /** setLocalState's snapshots, encoded once for all links (one relay:send); too large: dropped, ≤1 `error` a second. */
  private broadcastState(snapshot: StateSnapshot): void {
    let frame: FrameBytes;
    try {
      frame = encodeWithinLimit({ type: "state", ...snapshot }, "State");
    } catch (error) {
      if (error instanceof NetworkError) this.oversizeStateErrors.report(error);
      return;
    }
    for (const link of this.links.values()) link.sendState(frame);
  }

  private receive(from: string, data: unknown, via: Via): void {
    const link = this.links.get(from);
    if (link && !link.receive(data, via)) {
      this.events.emit(
        "error",
        new NetworkError(ClientErrorCode.InvalidMessage, `Dropped a malformed message from ${from}`),
      );
    }
  }

  private targets(to: string | undefined): PeerLink[] {
    const room = this.requireRoom();
    if (to === undefined) return [...this.links.values()];
    const link = this.links.get(to);
    if (!link) throw new NetworkError(ErrorCode.UnknownPeer, `No other member ${to} in room ${room.code}`);
    return [link];
  }

  private onPeerJoined(member: Member): void {
    if (!this.currentRoom) return;
    this.currentRoom.members.push(member);
    this.addLink(member.id);
    this.events.emit("peer-joined", member);
  }

  private onPeerLeft(event: PeerLeft): void {
    if (!this.currentRoom) return;
    if (event.id === this.currentRoom.hostId) {
      this.departedHost = { id: event.id, state: this.gameState(this.stateSync?.latestState(event.id)) };
    }
    this.currentRoom.members = this.currentRoom.members.filter((member) => member.id !== event.id);
    this.links.get(event.id)?.close();
    this.links.delete(event.id);
    this.stateSync?.removePeer(event.id);
    this.events.emit("peer-left", event);
  }

  private onHostChanged(event: HostChanged): void {
    const room = this.currentRoom;
    if (!room) return;
    const previousHostId = room.hostId;
    room.hostId = event.hostId;
    const departed = this.departedHost;
    this.departedHost = undefined;
    this.events.emit("host-changed", event);
    if (event.hostId !== room.selfId || previousHostId === room.selfId) return;
    const lastHostState =
      this.gameState(this.stateSync?.latestState(previousHostId)) ??
      (departed?.id === previousHostId ? departed.state : undefined);
    this.events.emit("host-migration", { previousHostId, lastHostState });
  }

  private onPeerReconnecting(id: string): void {
    if (!this.currentRoom) return;
    this.events.emit("peer-reconnecting", { id });
  }

  private onPeerResumed(id: string, restarted: boolean): void {
    if (!this.currentRoom) return;
    // Its PeerJS peer may be new: both sides start the pair over, so they dial and answer the same attempt. A
    // reloaded page also numbers its messages from the start again, and knows nothing it was sent.
    this.links.get(id)?.restart(restarted);
    if (restarted) this.stateSync?.removePeer(id);
    this.events.emit("peer-resumed", { id, restarted });
  }

  private onReconnecting(reason: string): void {
    if (!this.currentRoom) return;
    // Links, their resend buffers and remote views stay; only what needs the server waits.
    this.clockSync?.stop();
    this.events.emit("reconnecting", { reason });
  }

  /** Our seat is back: catch up on what the room did meanwhile, then start every pair over. */
  private onResumed(joined: RoomJoined): void {
    const room = this.currentRoom;
    if (!room) return;
    const now = new Set(joined.members.map((member) => member.id));
    for (const member of [...room.members]) {
      if (member.id !== room.selfId && !now.has(member.id)) this.onPeerLeft({ id: member.id, reason: "timeout" });
    }
    const known = new Set(room.members.map((member) => member.id));
    for (const member of joined.members) if (!known.has(member.id)) this.onPeerJoined(member);
    if (this.webrtc?.isDisconnected ?? true) this.startWebRTC(joined);
    for (const link of this.links.values()) link.restart();
    this.clockSync?.start();
    this.pageVisibility?.resend();
    if (joined.hostId !== room.hostId) this.onHostChanged({ hostId: joined.hostId });
    this.events.emit("resumed", this.room as RoomInfo);
  }

  private onDisconnected(reason: DisconnectReason): void {
    if (!this.currentRoom) return;
    this.reset();
    this.events.emit("disconnected", reason);
  }

  private reset(): void {
    this.stopPageExit?.();
    this.stopPageExit = undefined;
    this.pageVisibility?.stop();
    this.pageVisibility = undefined;
    clearInterval(this.heartbeat);
    this.stopLinkReports?.();
    this.stopLinkReports = undefined;
    this.clockSync?.stop();
    this.clockSync = undefined;
    this.stateSync?.stop();
    this.stateSync = undefined;
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.webrtc?.destroy();
    this.webrtc = undefined;
    this.currentRoom = undefined;
  }

  /** Connects and asks for a seat; a refusal closes the connection, so a failed attempt holds nothing open. */
  private async seatedOrClosed(request: () => Promise<RoomJoined>): Promise<RoomJoined> {
    try {
      await this.signaling.connect();
      return await request();
    } catch (error) {
      this.signaling.close();
      throw error;
    }
  }

  /** A peer's state as the schema checked it, taken as the game's `State` (the class comment says why). */
  private gameState(state: LooseState | undefined): State | undefined {
    return state as State | undefined;
  }

  private requireRoom(): RoomInfo {
    if (!this.currentRoom) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room first");
    return this.currentRoom;
  }

  private requireWebRTC(): WebRTCSession {
    if (!this.webrtc) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room first");
    return this.webrtc;
  }

  private assertNotInRoom(): void {
    if (this.currentRoom)
      throw new NetworkError(ClientErrorCode.AlreadyInRoom, `Already in room ${this.currentRoom.code}`);
  }
}

/** The sync layer reads states field by field; a `State` is any object, so this is only a widening. */
function looseState(state: object): LooseState {
  return state as LooseState;
}
