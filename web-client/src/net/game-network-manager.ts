import type { Properties, RoomJoined } from "@rallypoint/protocol";
import type { EventType, HostMigration, LooseEvents, LooseState, NetworkEvents, RoomInfo } from "./network-events.js";
import { createManagerContext } from "./manager-context.js";
import { resolveOptions, type GameNetworkManagerOptions } from "./manager-options.js";
import { ClientErrorCode, NetworkError } from "./network-error.js";
import type { RequestEvent } from "./transport/signaling-types.js";
import type { LinkInfo } from "./links/link-info.js";
import { NetworkMode } from "./links/network-mode.js";
import type { NetworkConditions } from "./links/network-conditioner.js";
import { rememberedRoomCode } from "./transport/seat-memory.js";
import { RoomLobby } from "./session/room-lobby.js";
import { roomCopy } from "./session/lobby-view.js";
import {
  listPublicRooms,
  type CreateRoomOptions,
  type ListRoomsOptions,
  type QuickJoinOptions,
  type RoomListPage,
} from "./session/room-directory.js";
import { createRoomSeat, joinRoomSeat, leaveSeat, quickJoinSeat, type JoinRoomOptions } from "./session/room-entry.js";
import { sendingSession } from "./session/spectator-guard.js";
import { RoomSession, type RoomSessionContext } from "./session/room-session.js";
import { localNow, type ClockEstimate } from "./sync/clock-sync.js";
import type { RemoteViewStats } from "./sync/remote-view.js";
import type { DiagnoseOptions, NetworkDiagnosis } from "./diagnosis/diagnosis-types.js";
import { consultDoctor } from "./diagnosis/doctor-visit.js";

/**
 * The public entry of Rallypoint: a room by code and a message mesh between its members. Each pair starts on the
 * server relay at once, moves to WebRTC data channels when they open, and falls back (and back up) by itself.
 *
 * Its type parameters say what the game sends: `State`, what each player publishes with `setLocalState` and reads
 * back with `getRemoteState`; `Events`, each reliable event type's payload (`sendEvent` takes only those, and the
 * `event` listener's union narrows by `type`); `RoomProps` and `PlayerProps`, the room's and each player's properties
 * (see `lobby`). All default to loose types. They are the game's word, not a check: the library checks the fields the
 * `stateSchema` declares, that properties are JSON, and the size of everything, not event payloads.
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
export class GameNetworkManager<
  State extends object = LooseState,
  Events extends object = LooseEvents,
  RoomProps extends object = Properties,
  PlayerProps extends object = Properties,
> {
  /** What outlives each room: options, the signaling client, the relay's pace, simulated conditions. */
  private readonly context: RoomSessionContext<State, Events>;
  private mode: NetworkMode;
  /** The lobby of the current room: properties and the host's controls (see `RoomLobby`). */
  readonly lobby: RoomLobby<RoomProps, PlayerProps>;
  /** Everything room-scoped, from entering a room until leaving it. */
  private session: RoomSession<State, Events> | undefined;

  constructor(options: GameNetworkManagerOptions = {}) {
    const resolved = resolveOptions(options);
    this.mode = resolved.mode;
    this.context = createManagerContext(resolved, () => (this.session = undefined));
    const send = (event: string, payload: object) => this.context.signaling.request(event as RequestEvent, payload);
    this.lobby = new RoomLobby(send, () => this.session?.room);
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
    return this.context.events.on(event, listener);
  }

  /**
   * Called when this player becomes host, because the host left or its connection dropped, with what the game needs
   * to take its authority over. Returns the function that unsubscribes.
   * @example
   * net.onHostMigration(({ previousHostId, lastHostState }) => game.becomeAuthority(lastHostState));
   */
  onHostMigration(handler: (migration: HostMigration<State>) => void): () => void {
    return this.context.events.on("host-migration", handler);
  }

  /**
   * The current room, or undefined outside one: a copy, so keep reading it rather than keeping it.
   * @example
   * const isHost = net.room?.hostId === net.room?.selfId;
   */
  get room(): RoomInfo | undefined {
    return this.session && roomCopy(this.session.room);
  }

  /**
   * Creates a room with a fresh code and joins it as its host; private unless `public` (see `CreateRoomOptions`).
   * Rejects with a `NetworkError` (e.g. `unauthorized`, `server-unreachable`, `timeout`, `already-in-room`).
   * @example
   * const { code } = await net.createRoom(); // show `code` to the friends who join
   * await net.createRoom({ public: true, properties: { mode: "ffa" } }); // strangers find it with listRooms
   */
  async createRoom(options: CreateRoomOptions<RoomProps> = {}): Promise<RoomInfo> {
    return this.enter(() => createRoomSeat(this.context, options));
  }

  /**
   * Joins a room by code (case-insensitive; spaces and dashes are ignored), to play or to watch (`spectator`, see
   * `JoinRoomOptions`). Rejects with a `NetworkError` such as `room-not-found` or `room-full`. After a reload, a room
   * this tab held a seat in is rejoined on that seat (same id, even when full; see `resumeAfterReload`).
   * @example
   * const room = await net.joinRoom("k7mq-2x"); // room.code === "K7MQ2X"; or joinRoom(code, { spectator: true })
   */
  async joinRoom(code: string, options: JoinRoomOptions = {}): Promise<RoomInfo> {
    return this.enter(() => joinRoomSeat(this.context, code, options));
  }

  /**
   * A page of the public rooms with a seat free (unlocked, not full), fewest free seats first (see `RoomListPage`);
   * works outside a room too, from a title screen. Rate-limited by the server (`rate-limited`).
   * @example
   * const { rooms, cursor } = await net.listRooms({ filter: { mode: "ffa" } });
   * for (const room of rooms) show(room.code, room.properties.map, `${room.members}/${room.capacity}`);
   */
  listRooms(options: ListRoomsOptions<RoomProps> = {}): Promise<RoomListPage<RoomProps>> {
    return listPublicRooms(this.context.signaling, options);
  }

  /**
   * Joins the public room matching `filter` with the fewest free seats; when none has a seat, creates a public room
   * if `create` says so (`created` is then true), else rejects with `no-room-found`. Rate-limited by the server.
   * @example
   * const room = await net.quickJoin({ filter: { mode: "ffa" }, create: { properties: { mode: "ffa" } } });
   */
  async quickJoin(options: QuickJoinOptions<RoomProps> = {}): Promise<RoomInfo & { created: boolean }> {
    const room = await this.enter(() => quickJoinSeat(this.context, options));
    // A room joined had someone in it already (an empty room is gone): alone in it, this player created it.
    return { ...room, created: room.members.length === 1 };
  }

  /**
   * The code of the room whose seat the previous page of this tab kept as it went away (a reload), if any:
   * `joinRoom(code)` takes that seat back. Undefined with `resumeAfterReload: false`.
   * @example
   * const code = net.roomToResume() ?? new URLSearchParams(location.search).get("room");
   * if (code) await net.joinRoom(code);
   */
  roomToResume(): string | undefined {
    return this.context.options.resumeAfterReload ? rememberedRoomCode(this.context.options.serverUrl) : undefined;
  }

  /** The current network mode. @example if (net.getMode() === NetworkMode.SignalingOnly) showRelayBadge(); */
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
    this.session?.mesh.setMode(mode);
  }

  /**
   * Sends a reliable game event to one member, or to every other member when `to` is omitted. Delivered exactly
   * once and in order per sender, whichever path carries it. `type` must be an event type of `Events` and
   * `payload` its payload; encoded, at most `Limits.maxEventBytes` (1 MiB), sent in chunks past one frame (16 KiB).
   * @example net.sendEvent("tag", { target: otherId })
   */
  sendEvent<K extends EventType<Events>>(type: K, payload: Events[K], to?: string): void {
    this.requireSession().sendEvent(type, payload, to);
  }

  /**
   * Sets this player's state; call it as often as you like (every frame). It goes to everyone at most `tickRate`
   * times a second, latest-wins, over the unreliable path, quantized as the `stateSchema` says. `teleport` tells
   * receivers to snap to it (respawn, portal) instead of gliding.
   * @example net.setLocalState({ position: [x, y], velocity: [vx, vy], heading })
   */
  setLocalState(state: State, options: { teleport?: boolean } = {}): void {
    this.requireSession().stateSync.setLocalState(state as LooseState, options.teleport ?? false);
  }

  /**
   * A remote player's state as it should be drawn at `at` (default: `now()`): interpolated between its snapshots
   * a little in the past, or briefly predicted when they run dry. Undefined before its first snapshot.
   * @example const ship = net.getRemoteState(peerId); if (ship) draw(ship.position);
   */
  getRemoteState(peerId: string, at?: number): State | undefined {
    return this.session?.stateSync.remoteState(peerId, at)?.state as State | undefined;
  }

  /**
   * Interpolation statistics for one remote player: delay, jitter, underruns. Undefined before its first snapshot.
   * @example
   * const stats = net.getRemoteStats(peerId); if (stats) hud.text = `${stats.delayMs.toFixed(0)} ms behind`;
   */
  getRemoteStats(peerId: string): RemoteViewStats | undefined {
    return this.session?.stateSync.remoteStats(peerId);
  }

  /**
   * Sends one state object right away, without throttling (for games that run their own sync, such as martini-kit
   * games through MartiniTransport): unreliable and latest-wins like `setLocalState`.
   * @example net.sendState(ship, hostId)
   */
  sendState(payload: State, to?: string): void {
    this.requireSession().sendState(payload as LooseState, to);
  }

  /**
   * The room's shared time (ms since the epoch, on the server's clock), synchronized NTP-style with the server.
   * @example
   * const secondsLeft = (roundEndsAt - net.now()) / 1000; // the same on every member's screen
   */
  now(): number {
    return this.session?.now() ?? localNow();
  }

  /**
   * The clock estimate behind `now()` (offset, uncertainty, RTT, drift), or null before the first sample.
   * @example const clock = net.getClockEstimate(); if (clock) console.log(`±${clock.uncertaintyMs} ms`);
   */
  getClockEstimate(): ClockEstimate | null {
    return this.session?.clockSync.clock.estimate() ?? null;
  }

  /**
   * Per peer: path, link state, RTT and message/byte counters.
   * @example
   * for (const link of net.getLinks()) console.log(link.peerId, link.path, link.rttMs);
   */
  getLinks(): LinkInfo[] {
    return this.session?.mesh.infos() ?? [];
  }

  /**
   * The NAT doctor: whether each STUN and TURN server answers (UDP, TCP, TLS), this player's NAT, whether UDP is
   * blocked, what that predicts for WebRTC, and why each pair not peer to peer is where it is, in data and in words.
   * Also before a room. At most `timeoutMs` (5 s); rejects with `server-unreachable` or `timeout` (no ICE servers).
   * @example const { summary, findings } = await net.diagnose(); // summary: "Your network should connect peer to peer..."
   */
  diagnose(options: DiagnoseOptions = {}): Promise<NetworkDiagnosis> {
    return consultDoctor(this.context.options, this.session?.peerToken, () => this.getLinks(), options);
  }

  /**
   * Simulates a worse network for this player's game messages, both paths and both ways: half of `latencyMs` on each
   * message sent, half on each received (every round trip grows by `latencyMs` ± `jitterMs`), `lossPercent` of state
   * dropped each way; events are delayed, never lost. Fields left out are 0; null turns it off. Kept across rooms. A
   * bad value throws a RangeError or TypeError.
   * @example net.setConditions({ latencyMs: 150, jitterMs: 30, lossPercent: 2 }); // a 3G-like link
   */
  setConditions(conditions: Partial<NetworkConditions> | null): void {
    this.context.conditioner.set(conditions);
  }

  /**
   * The simulated network conditions in force, or null when off (the default).
   * @example
   * const conditions = net.getConditions(); // null, or e.g. { latencyMs: 150, jitterMs: 30, lossPercent: 2 }
   */
  getConditions(): NetworkConditions | null {
    return this.context.conditioner.get();
  }

  /**
   * Leaves the room, if in one, and closes every connection (also the one `listRooms` opened from a title screen).
   * The manager can create or join a room again afterwards. (Closing or navigating away from the page leaves by
   * itself: see the `leaveOnPageHide` option.)
   * @example
   * quitButton.onclick = async () => { await net.leave(); showLobby(); };
   */
  leave(): Promise<void> {
    return leaveSeat(this.context.signaling, this.session);
  }

  /** Asks for a seat (not while in a room already), then enters the room of the answer. */
  private async enter(request: () => Promise<RoomJoined>): Promise<RoomInfo> {
    const code = this.session?.room.code;
    if (code) throw new NetworkError(ClientErrorCode.AlreadyInRoom, `Already in room ${code}`);
    this.session = new RoomSession(await request(), this.mode, this.context);
    return this.room as RoomInfo;
  }

  private requireSession(): RoomSession<State, Events> {
    return sendingSession(this.session);
  }
}
