import {
  ErrorCode,
  PeerMessage,
  type HostChanged,
  type Member,
  type PeerLeft,
  type RelayChannel,
  type RoomJoined,
} from "@rallypoint/shared";
import { Emitter } from "./emitter.js";
import { ClientErrorCode, NetworkError } from "./network-error.js";
import { SignalingClient } from "./signaling-client.js";
import type { LinkInfo } from "./transport/link-path.js";
import { MeshLink } from "./transport/mesh-link.js";
import { WebRTCPeer } from "./webrtc-peer.js";

export interface GameNetworkManagerOptions {
  /** The Rallypoint server. Default: the page's own origin. */
  serverUrl?: string;
  /** This player's display name (1-32 characters). Default: the server's "Player". */
  name?: string;
  /** How long to wait for the server to answer a request. Default 5000 ms. */
  ackTimeoutMs?: number;
  /** How long a WebRTC connection may take to open before the pair stays on the relay. Default 10000 ms. */
  webrtcOpenTimeoutMs?: number;
  /** RTCPeerConnection's ICE transport policy. Default `"all"`; `"relay"` allows TURN only. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** PeerJS's log level, 0 (none) to 3 (all). Default 0. */
  peerjsDebug?: 0 | 1 | 2 | 3;
}

/** The room as this player sees it. */
export interface RoomInfo {
  code: string;
  selfId: string;
  hostId: string;
  members: Member[];
}

/** A game event from another player. `via` tells which path carried it. */
export interface GameEvent {
  from: string;
  type: string;
  payload: unknown;
  via: "webrtc" | "relay";
}

export type NetworkEvents = {
  "peer-joined": Member;
  "peer-left": PeerLeft;
  "host-changed": HostChanged;
  event: GameEvent;
  "link-changed": LinkInfo;
  /** Background failures: WebRTC trouble, malformed messages from peers. The session goes on. */
  error: NetworkError;
  /** The connection to the server ended without `leave()`; the room is gone for this player. */
  disconnected: string;
};

/**
 * The public entry of Rallypoint: a room by code and a message mesh between its members. Each pair talks over a
 * WebRTC data channel when one is open, and through the server's relay otherwise.
 * @example
 * const net = new GameNetworkManager({ name: "Ada" });
 * const room = await net.createRoom();          // or await net.joinRoom("K7MQ2X")
 * net.on("event", ({ from, type, payload }) => console.log(from, type, payload));
 * net.sendEvent("chat", { text: "hi" });
 */
export class GameNetworkManager {
  private readonly events = new Emitter<NetworkEvents>();
  private readonly options: Required<Omit<GameNetworkManagerOptions, "name">> & { name: string | undefined };
  private readonly signaling: SignalingClient;
  private readonly links = new Map<string, MeshLink>();
  private webrtc: WebRTCPeer | undefined;
  private currentRoom: RoomInfo | undefined;

  constructor(options: GameNetworkManagerOptions = {}) {
    this.options = {
      serverUrl: options.serverUrl ?? globalThis.location.origin,
      name: options.name,
      ackTimeoutMs: options.ackTimeoutMs ?? 5000,
      webrtcOpenTimeoutMs: options.webrtcOpenTimeoutMs ?? 10_000,
      iceTransportPolicy: options.iceTransportPolicy ?? "all",
      peerjsDebug: options.peerjsDebug ?? 0,
    };
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

  /**
   * Sends a reliable game event to one member, or to every other member when `to` is omitted.
   * @example net.sendEvent("tag", { target: otherId })
   */
  sendEvent(type: string, payload: unknown, to?: string): void {
    const room = this.requireRoom();
    if (to !== undefined && !this.links.has(to)) {
      throw new NetworkError(ErrorCode.UnknownPeer, `No other member ${to} in room ${room.code}`);
    }
    const message: PeerMessage = { type: "event", name: type, payload };
    const targets = to === undefined ? [...this.links.keys()] : [to];
    const relayTargets = targets.filter((peerId) => !this.links.get(peerId)?.send(message));
    this.relay(relayTargets, "event", message, room);
  }

  /** How each peer is reached right now. */
  getLinks(): LinkInfo[] {
    return [...this.links.values()].map((link) => ({ peerId: link.peerId, path: link.path }));
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
    this.webrtc = new WebRTCPeer({
      serverUrl: this.options.serverUrl,
      selfId: joined.selfId,
      iceServers: joined.iceServers,
      iceTransportPolicy: this.options.iceTransportPolicy,
      debug: this.options.peerjsDebug,
    });
    this.webrtc.on("connection", (connection) => {
      const link = this.links.get(connection.peer);
      if (link) link.attach(connection);
      else connection.close(); // not a member of our room
    });
    this.webrtc.on("peer-unavailable", (peerId) => this.links.get(peerId)?.markUnavailable());
    this.webrtc.on("error", (error) => {
      for (const link of this.links.values()) link.markUnavailable();
      this.events.emit("error", error);
    });
    for (const member of joined.members) if (member.id !== joined.selfId) this.addLink(member.id);
    return this.room as RoomInfo;
  }

  private addLink(peerId: string): void {
    const link = new MeshLink(peerId, this.options.webrtcOpenTimeoutMs, {
      onPathChange: (path) => this.events.emit("link-changed", { peerId, path }),
      onMessage: (data) => this.receive(peerId, data, "webrtc"),
    });
    this.links.set(peerId, link);
    link.awaitConnection();
    // Exactly one side of each pair dials: the one with the lower id.
    const selfId = this.currentRoom?.selfId;
    const webrtc = this.webrtc;
    if (!webrtc || selfId === undefined || selfId > peerId) return;
    void webrtc.connect(peerId).then((connection) => {
      // The peer may have left, or we may have left the room, while our signaling socket was opening.
      if (this.links.get(peerId) === link) link.attach(connection);
      else connection.close();
    });
  }

  private receive(from: string, data: unknown, via: GameEvent["via"]): void {
    if (!this.links.has(from)) return;
    const parsed = PeerMessage.safeParse(data);
    if (!parsed.success) {
      this.events.emit(
        "error",
        new NetworkError(ClientErrorCode.InvalidMessage, `Dropped a malformed message from ${from}`),
      );
      return;
    }
    const message = parsed.data;
    this.events.emit("event", { from, type: message.name, payload: message.payload, via });
  }

  private relay(targets: string[], channel: RelayChannel, data: unknown, room: RoomInfo): void {
    if (targets.length === 0) return;
    // One broadcast instead of N unicasts when nobody else is reachable directly.
    if (targets.length > 1 && targets.length === room.members.length - 1) {
      this.signaling.relay(null, channel, data);
      return;
    }
    for (const peerId of targets) this.signaling.relay(peerId, channel, data);
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

  private assertNotInRoom(): void {
    if (this.currentRoom)
      throw new NetworkError(ClientErrorCode.AlreadyInRoom, `Already in room ${this.currentRoom.code}`);
  }
}
