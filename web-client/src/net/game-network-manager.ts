import { ErrorCode, Limits, type HostChanged, type Member, type PeerLeft, type RoomJoined } from "@rallypoint/shared";
import { Emitter } from "./emitter.js";
import { resolveOptions, type GameNetworkManagerOptions, type ResolvedOptions } from "./manager-options.js";
import { ClientErrorCode, NetworkError } from "./network-error.js";
import { SignalingClient } from "./signaling-client.js";
import type { LinkInfo, Via } from "./transport/link-info.js";
import { NetworkMode } from "./transport/network-mode.js";
import { PeerLink, type PeerLinkHost } from "./transport/peer-link.js";
import { WebRTCPeer } from "./webrtc-peer.js";

/** The room as this player sees it. */
export interface RoomInfo {
  code: string;
  selfId: string;
  hostId: string;
  members: Member[];
}

/** A reliable game event from another player. `via` tells which path carried it. */
export interface GameEvent {
  from: string;
  type: string;
  payload: unknown;
  via: Via;
}

/** A state snapshot from another player (latest-wins, may be dropped). */
export interface StateUpdate {
  from: string;
  payload: unknown;
  via: Via;
}

export type NetworkEvents = {
  "peer-joined": Member;
  "peer-left": PeerLeft;
  "host-changed": HostChanged;
  event: GameEvent;
  state: StateUpdate;
  /** A pair's path or state changed (e.g. relay -> webrtc, or `unreachable` in WEBRTC_ONLY). */
  "link-changed": LinkInfo;
  /** Background failures: WebRTC trouble, malformed messages from peers. The session goes on. */
  error: NetworkError;
  /** The connection to the server ended without `leave()`; the room is gone for this player. */
  disconnected: string;
};

/**
 * The public entry of Rallypoint: a room by code and a message mesh between its members. Each pair starts on the
 * server relay at once, moves to WebRTC data channels when they open, and falls back (and back up) by itself.
 * @example
 * const net = new GameNetworkManager({ name: "Ada" });
 * const room = await net.createRoom();          // or await net.joinRoom("K7MQ2X")
 * net.on("event", ({ from, type, payload }) => console.log(from, type, payload));
 * net.sendEvent("chat", { text: "hi" });
 */
export class GameNetworkManager {
  private readonly events = new Emitter<NetworkEvents>();
  private readonly options: ResolvedOptions;
  private readonly signaling: SignalingClient;
  private readonly links = new Map<string, PeerLink>();
  private mode: NetworkMode;
  private webrtc: WebRTCPeer | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private currentRoom: RoomInfo | undefined;

  constructor(options: GameNetworkManagerOptions = {}) {
    this.options = resolveOptions(options);
    this.mode = this.options.mode;
    this.signaling = new SignalingClient({
      serverUrl: this.options.serverUrl,
      ackTimeoutMs: this.options.ackTimeoutMs,
    });
    this.signaling.on("peer:joined", (member) => this.onPeerJoined(member));
    this.signaling.on("peer:left", (event) => this.onPeerLeft(event));
    this.signaling.on("host:changed", (event) => this.onHostChanged(event));
    this.signaling.on("relay:message", ({ from, data }) => this.receive(from, data, "relay"));
    this.signaling.on("disconnected", (reason) => this.onDisconnected(reason));
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof NetworkEvents>(event: K, listener: (value: NetworkEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** The current room, or undefined outside one. */
  get room(): RoomInfo | undefined {
    return this.currentRoom && { ...this.currentRoom, members: [...this.currentRoom.members] };
  }

  /** Creates a room with a fresh code and joins it as its host. */
  async createRoom(): Promise<RoomInfo> {
    this.assertNotInRoom();
    await this.signaling.connect();
    return this.enter(await this.signaling.createRoom(this.options.name));
  }

  /** Joins a room by code (case-insensitive; spaces and dashes are ignored). */
  async joinRoom(code: string): Promise<RoomInfo> {
    this.assertNotInRoom();
    await this.signaling.connect();
    return this.enter(await this.signaling.joinRoom(code, this.options.name));
  }

  /** The current network mode. */
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
   * once and in order per sender, whichever path carries it.
   * @example net.sendEvent("tag", { target: otherId })
   */
  sendEvent(type: string, payload: unknown, to?: string): void {
    const targets = this.targets(to);
    if (type.length === 0 || type.length > Limits.maxEventTypeLength) {
      throw new NetworkError(
        ClientErrorCode.InvalidMessage,
        `Event type must be 1-${Limits.maxEventTypeLength} characters`,
      );
    }
    if (JSON.stringify(payload ?? null).length > Limits.maxRelayPayloadBytes - 256) {
      throw new NetworkError(
        ClientErrorCode.PayloadTooLarge,
        `Event payloads are limited to ${Limits.maxRelayPayloadBytes} bytes`,
      );
    }
    for (const link of targets) {
      if (!link.sendEvent(type, payload)) {
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
   * Sends a state snapshot over the unreliable path (latest-wins: may be dropped, never queued behind newer ones).
   * @example net.sendState({ x: 10, y: 4 })
   */
  sendState(payload: unknown, to?: string): void {
    for (const link of this.targets(to)) link.sendState(payload);
  }

  /** Per peer: path, link state, RTT and message/byte counters. */
  getLinks(): LinkInfo[] {
    return [...this.links.values()].map((link) => link.info());
  }

  /** Leaves the room and closes every connection. The manager can create or join a room again afterwards. */
  async leave(): Promise<void> {
    if (!this.currentRoom) return;
    try {
      await this.signaling.leaveRoom();
    } finally {
      this.reset();
      this.signaling.close();
    }
  }

  private enter(joined: RoomJoined): RoomInfo {
    this.currentRoom = { code: joined.code, selfId: joined.selfId, hostId: joined.hostId, members: joined.members };
    const webrtc = new WebRTCPeer({
      serverUrl: this.options.serverUrl,
      selfId: joined.selfId,
      iceServers: joined.iceServers,
      iceTransportPolicy: this.options.iceTransportPolicy,
      debug: this.options.peerjsDebug,
    });
    webrtc.on("connection", (connection) => {
      const link = this.links.get(connection.peer);
      if (link) link.acceptIncoming(connection);
      else connection.close(); // not a member of our room
    });
    webrtc.on("peer-unavailable", (peerId) => this.links.get(peerId)?.failWebRTC());
    webrtc.on("error", (error) => {
      for (const link of this.links.values()) link.failWebRTC();
      this.events.emit("error", error);
    });
    this.webrtc = webrtc;
    this.heartbeat = setInterval(() => {
      for (const link of this.links.values()) link.tick();
    }, this.options.link.heartbeatIntervalMs);
    for (const member of joined.members) if (member.id !== joined.selfId) this.addLink(member.id);
    return this.room as RoomInfo;
  }

  private addLink(peerId: string): void {
    const room = this.requireRoom();
    const host: PeerLinkHost = {
      dial: (id) => this.requireWebRTC().connect(id),
      relay: (id, channel, text) => this.signaling.relay(id, channel, text),
      deliverEvent: (from, type, payload, via) => this.events.emit("event", { from, type, payload, via }),
      deliverState: (from, payload, via) => this.events.emit("state", { from, payload, via }),
      linkChanged: (info) => this.events.emit("link-changed", info),
    };
    // Exactly one side of each pair dials: the one with the lower id.
    this.links.set(peerId, new PeerLink(peerId, room.selfId < peerId, this.mode, host, this.options.link));
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
    this.currentRoom.members = this.currentRoom.members.filter((member) => member.id !== event.id);
    this.links.get(event.id)?.close();
    this.links.delete(event.id);
    this.events.emit("peer-left", event);
  }

  private onHostChanged(event: HostChanged): void {
    if (!this.currentRoom) return;
    this.currentRoom.hostId = event.hostId;
    this.events.emit("host-changed", event);
  }

  private onDisconnected(reason: string): void {
    if (!this.currentRoom) return;
    this.reset();
    this.events.emit("disconnected", reason);
  }

  private reset(): void {
    clearInterval(this.heartbeat);
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.webrtc?.destroy();
    this.webrtc = undefined;
    this.currentRoom = undefined;
  }

  private requireRoom(): RoomInfo {
    if (!this.currentRoom) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room first");
    return this.currentRoom;
  }

  private requireWebRTC(): WebRTCPeer {
    if (!this.webrtc) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room first");
    return this.webrtc;
  }

  private assertNotInRoom(): void {
    if (this.currentRoom)
      throw new NetworkError(ClientErrorCode.AlreadyInRoom, `Already in room ${this.currentRoom.code}`);
  }
}
