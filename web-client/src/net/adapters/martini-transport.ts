import { ErrorCode, MartiniWireMessage, type MARTINI_WIRE_MESSAGE_TYPES } from "@rallypoint/protocol";
import { Emitter } from "../emitter.js";
import type { GameNetworkManager } from "../game-network-manager.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { HostGate } from "./host-gate.js";
import { MartiniMetrics } from "./martini-metrics.js";
import type { Transport, TransportMetrics, WireMessage } from "./martini-wire.js";

/**
 * The part of a GameNetworkManager the adapter uses, so tests can hand it a fake. A manager with the default (loose)
 * event map fits: the adapter's messages are events of its own type.
 * @example
 * const transport = new MartiniTransport(new GameNetworkManager({ name: "Ada" }));
 */
export type MartiniNetwork = Pick<GameNetworkManager, "on" | "sendEvent" | "sendState" | "room" | "getLinks">;

/**
 * Options of a MartiniTransport; each says its default.
 * @example
 * new MartiniTransport(net, { eventType: "mk", stateSync: "unreliable" });
 */
export interface MartiniTransportOptions {
  /** The `sendEvent` type that carries martini messages on the reliable path. Default `"martini"`. */
  eventType?: string;
  /**
   * How `state_sync` travels. `"reliable"` uses `sendEvent` like every other message: exactly once, in order. martini's
   * GameRuntime sends diffs (and a joiner's full state) as `state_sync`, and a lost or reordered diff is never
   * repaired, so keep it for GameRuntime. The cost: a lost packet holds back the diffs after it until it is resent
   * (about one round trip). `"unreliable"` uses `sendState` (latest-wins: may be dropped or reordered), only for a
   * game that sends its whole state in every `state_sync`. Default `"reliable"`.
   */
  stateSync?: "unreliable" | "reliable";
}

// Fails to compile when martini's union and the validated list in shared drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type WireTypesInSync = AssertTrue<Same<WireMessage["type"], (typeof MARTINI_WIRE_MESSAGE_TYPES)[number]>>;

interface Incoming {
  message: WireMessage;
  senderId: string;
}

/** What a send may meet and shrug off, counted as an error: a peer just gone, a room just ended, a spectator's send. */
const IGNORED_SEND_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.UnknownPeer,
  ClientErrorCode.NotInRoom,
  ErrorCode.Spectator,
]);

/** The host is the server's word: these martini messages are answered here, never sent to or taken from peers. */
const HOST_MESSAGES: ReadonlySet<WireMessage["type"]> = new Set(["host_migration", "host_query", "host_announce"]);

/**
 * Runs a game written for martini-kit's `Transport` over a Rallypoint room, unchanged. Every message goes as one
 * reliable event type, exactly once and in order per sender, `state_sync` included (see `stateSync`). Incoming
 * messages are validated and reach `onMessage` with the id of the member who sent them; invalid ones are dropped and
 * counted in `metrics.getMessageStats().errors`, as are messages the manager dropped (`send-buffer-full`).
 *
 * The host is the room's, which the server hands over when it leaves. `state_sync` is taken only from the host (a new
 * host's is held until the server has named it). A host change reaches `onMessage` as martini's `host_migration`
 * (`newHost`, `previousHost`; sender: the new host); a `host_query` sent is answered with a `host_announce`
 * (`hostId`). Neither goes over the network. martini-kit 0.1.1's GameRuntime fixes its role when it is built: use
 * `MartiniSession` to rebuild it when the role changes. The adapter assumes it is the only user of `sendState`.
 *
 * Spectators (`joinRoom(code, { spectator: true })`) are no players to martini, which has no notion of watchers (its
 * games treat a client without an entry in `state.players` as a spectator): `getPeerIds()` and `onPeerJoin`/
 * `onPeerLeave` leave them out, so `setup` and `onPlayerJoin` never make them players. They receive everything
 * broadcast, and `onSpectatorJoin` tells of each one, for the host to send it the full state (`MartiniSession`
 * does). On a spectator's page, `isHost()` is false and whatever its runtime sends is dropped (counted as an error).
 * Create it once in the room, and `detach()` it before leaving.
 * @example
 * const net = new GameNetworkManager({ name: "Ada" });
 * const room = await net.createRoom();
 * const transport = new MartiniTransport(net);
 * const runtime = new GameRuntime(game, transport, {
 *   isHost: transport.isHost(),
 *   playerIds: [transport.getPlayerId(), ...transport.getPeerIds()],
 * });
 */
export class MartiniTransport implements Transport {
  /** martini's observability surface: connection state, peers, message counts, latency. */
  readonly metrics: Required<TransportMetrics>;
  private readonly counters: MartiniMetrics;
  private readonly network: MartiniNetwork;
  private readonly eventType: string;
  private readonly stateSync: "unreliable" | "reliable";
  private readonly selfId: string;
  private readonly events = new Emitter<{
    message: Incoming;
    "peer-join": string;
    "peer-leave": string;
    "spectator-join": string;
  }>();
  /** The members who watch: no players to martini. */
  private readonly spectators = new Set<string>();
  private readonly gate = new HostGate();
  private readonly unsubscribes: (() => void)[];
  private hostId: string;
  /** Set while this transport's own send is in the manager, whose `send-buffer-full` errors are then ours. */
  private dropsWhileSending: number | undefined;

  /** @throws NetworkError `not-in-room` unless the manager has created or joined a room. */
  constructor(network: MartiniNetwork, options: MartiniTransportOptions = {}) {
    const room = network.room;
    if (!room) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room before creating the transport");
    this.network = network;
    this.eventType = options.eventType ?? "martini";
    this.stateSync = options.stateSync ?? "reliable";
    this.selfId = room.selfId;
    this.hostId = room.hostId;
    for (const member of room.members) if (member.spectator) this.spectators.add(member.id);
    this.counters = new MartiniMetrics({
      isInRoom: () => this.network.room !== undefined,
      getPeerCount: () => this.getPeerIds().length,
      getLatencyMs: () => this.averageRttMs(),
    });
    this.metrics = this.counters;
    this.unsubscribes = [
      network.on("event", ({ from, type, payload }) => {
        if (type === this.eventType) this.receive(from, payload);
      }),
      network.on("state", ({ from, payload }) => this.receive(from, payload)),
      network.on("peer-joined", (member) => {
        if (member.spectator) this.spectators.add(member.id);
        this.joined(member.id);
      }),
      // A reloaded page keeps its seat but its runtime starts from nothing: to martini it is a newcomer.
      network.on("peer-resumed", ({ id, restarted }) => {
        if (restarted) this.joined(id);
      }),
      network.on("peer-left", (event) => {
        this.gate.forget(event.id);
        if (!this.spectators.delete(event.id)) this.events.emit("peer-leave", event.id);
      }),
      network.on("host-changed", ({ hostId }) => this.followHost(hostId)),
      network.on("reconnecting", () => this.counters.setConnectionState("connecting")),
      network.on("resumed", () => this.counters.setConnectionState("connected")),
      network.on("disconnected", () => this.counters.setConnectionState("disconnected")),
      network.on("error", (error) => {
        if (this.dropsWhileSending !== undefined && error.code === ClientErrorCode.SendBufferFull) {
          this.dropsWhileSending++;
        }
      }),
    ];
  }

  /**
   * Sends to one peer, or to every other member when `targetId` is omitted. A target that has just left, or a room
   * that has just ended, counts as an error and is otherwise ignored: the game's loop keeps running. So does a
   * message the manager drops for a peer that acknowledges nothing (`send-buffer-full`), once per such peer.
   * `host_query` is answered at once with a `host_announce`; `host_migration` and `host_announce` are not sent (the
   * server decides who hosts).
   * @throws NetworkError on misuse, such as a message over the relay's size limit.
   */
  send(message: WireMessage, targetId?: string): void {
    if (HOST_MESSAGES.has(message.type)) {
      const hostId = this.network.room?.hostId;
      if (message.type === "host_query" && hostId !== undefined)
        this.deliver({ type: "host_announce", hostId }, hostId);
      return;
    }
    this.dropsWhileSending = 0;
    try {
      if (message.type === "state_sync" && this.stateSync === "unreliable") this.network.sendState(message, targetId);
      else this.network.sendEvent(this.eventType, message, targetId);
    } catch (error) {
      this.dropsWhileSending = undefined;
      this.counters.count("errors");
      // A spectator's runtime sends actions and events like any client's: dropped, as the server would refuse them.
      if (error instanceof NetworkError && IGNORED_SEND_ERRORS.has(error.code)) return;
      throw error;
    }
    const dropped = this.dropsWhileSending;
    this.dropsWhileSending = undefined;
    this.counters.count("errors", dropped);
    // Sent if it went to anyone: a broadcast dropped for one full peer still reached the others (spectators too).
    const targets = targetId === undefined ? (this.network.room?.members.length ?? 1) - 1 : 1;
    if (dropped === 0 || dropped < targets) this.counters.count("sent");
  }

  onMessage(handler: (message: WireMessage, senderId: string) => void): () => void {
    return this.events.on("message", ({ message, senderId }) => handler(message, senderId));
  }

  onPeerJoin(handler: (peerId: string) => void): () => void {
    return this.events.on("peer-join", handler);
  }

  onPeerLeave(handler: (peerId: string) => void): () => void {
    return this.events.on("peer-leave", handler);
  }

  /**
   * Rallypoint's addition to martini's Transport: a spectator joined (or its page reloaded). martini's host sends a
   * joining player its full state, but never hears of spectators; the host's page sends it instead (MartiniSession
   * does). Returns the function that unsubscribes.
   * @example
   * transport.onSpectatorJoin((id) => {
   *   if (runtime.isHost()) transport.send({ type: "state_sync", payload: { fullState: runtime.getState() } }, id);
   * });
   */
  onSpectatorJoin(handler: (spectatorId: string) => void): () => void {
    return this.events.on("spectator-join", handler);
  }

  getPlayerId(): string {
    return this.selfId;
  }

  /** The other players of the room (spectators are no players to martini); empty once it has ended. */
  getPeerIds(): string[] {
    return (this.network.room?.members ?? [])
      .filter((member) => member.id !== this.selfId && !member.spectator)
      .map((member) => member.id);
  }

  /** Whether this page joined to watch: no player to martini, and it sends nothing. */
  isSpectator(): boolean {
    return this.spectators.has(this.selfId);
  }

  /** Live: follows the server's host handover when the host leaves. */
  isHost(): boolean {
    return this.network.room?.hostId === this.selfId;
  }

  /** Stops listening to the manager and drops every handler. The room itself is left as it is. */
  detach(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.events.removeAll();
    this.counters.removeListeners();
  }

  private joined(id: string): void {
    this.events.emit(this.spectators.has(id) ? "spectator-join" : "peer-join", id);
  }

  private receive(from: string, data: unknown): void {
    const parsed = MartiniWireMessage.safeParse(data);
    // The sender id comes from the link, which the server vouches for; a message claiming another is forged, and so
    // is a peer's word on who hosts.
    if (
      !parsed.success ||
      (parsed.data.senderId !== undefined && parsed.data.senderId !== from) ||
      HOST_MESSAGES.has(parsed.data.type)
    ) {
      this.counters.count("errors");
      return;
    }
    this.counters.count("received");
    if (this.gate.admit(parsed.data, from, this.network.room?.hostId)) this.deliver(parsed.data, from);
  }

  /** The server named a new host: say so in martini's words, then deliver what it sent before we knew. */
  private followHost(hostId: string): void {
    const previousHost = this.hostId;
    if (hostId === previousHost) return;
    this.hostId = hostId;
    this.deliver({ type: "host_migration", newHost: hostId, previousHost, timestamp: Date.now() }, hostId);
    for (const message of this.gate.release(hostId)) this.deliver(message, hostId);
  }

  private deliver(message: WireMessage, senderId: string): void {
    this.events.emit("message", { message, senderId });
  }

  private averageRttMs(): number | undefined {
    const rtts = this.network.getLinks().flatMap((link) => (link.rttMs === null ? [] : [link.rttMs]));
    return rtts.length === 0 ? undefined : rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length;
  }
}
