import type { DataConnection } from "peerjs";
import type { FrameBytes, Member, RelayChannel, RelaySend, RoomJoined } from "@rallypoint/protocol";
import { Emitter } from "../emitter.js";
import { FakeConnection } from "./fake-connection.js";
import type { EntryEvent, SignalingClientOptions, SignalingEvents } from "../transport/signaling-types.js";
import type { WebRTCSession, WebRTCSessionHandlers } from "../transport/webrtc-session.js";

/**
 * An in-memory Rallypoint server and WebRTC network, in the spirit of tldraw's TestSocketPair: everything one side
 * sends waits in one queue, as a structured clone, until the test calls `flush()`. So a test decides what arrives
 * when, and a drop or a resume happens between two exact messages. Managers reach it through the fakes below, which
 * a test puts in place of the signaling client and the PeerJS session with `vi.mock` (see
 * game-network-manager.fakes.test.ts); a manager's `serverUrl` names the network it talks to.
 */
export class FakeNetwork {
  private static readonly byUrl = new Map<string, FakeNetwork>();
  readonly url: string;
  /** Every relay:send the server got, in order. */
  readonly relaySends: { from: string; to: RelaySend["to"]; channel: RelayChannel }[] = [];
  /** How many times a client closed its connection to the server. */
  closedConnections = 0;
  private readonly queue: (() => void)[] = [];
  private readonly clients = new Map<string, FakeSignalingClient>();
  private readonly endpoints = new Map<string, FakeEndpoint>();
  private members: (Member & { connected: boolean })[] = [];
  private hostId = "";
  private nextId = 1;

  constructor() {
    this.url = `fake://network-${FakeNetwork.byUrl.size + 1}`;
    FakeNetwork.byUrl.set(this.url, this);
  }

  static at(url: string): FakeNetwork {
    const network = FakeNetwork.byUrl.get(url);
    if (!network) throw new Error(`No fake network at ${url}`);
    return network;
  }

  /** Delivers what is queued, and what that sends in turn, until nothing is left (microtasks run in between). */
  async flush(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const next = this.queue.shift();
      if (!next) return;
      next();
    }
    throw new Error("flush(): the queue never ran dry");
  }

  /** Queues `deliver` with a clone of `value`, as a wire would carry it. */
  send<T>(value: T, deliver: (value: T) => void): void {
    const copy = structuredClone(value);
    this.queue.push(() => deliver(copy));
  }

  get room(): { hostId: string; members: string[] } {
    return { hostId: this.hostId, members: this.members.map((member) => member.id) };
  }

  /** The member's connection to the server drops: its seat is held, the host role moves on at once. */
  drop(id: string): void {
    const member = this.member(id);
    member.connected = false;
    this.client(id).lost();
    this.toOthers(id, "peer:reconnecting", { id });
    if (this.hostId === id) this.electHost();
    this.endpoints.get(id)?.disconnect();
  }

  /** The dropped member is back within the grace window: the same seat, the room as it is now. */
  resume(id: string): void {
    this.member(id).connected = true;
    const client = this.client(id);
    this.send(this.joined(id), (joined) => client.emit("resumed", joined));
    this.toOthers(id, "peer:resumed", { id });
  }

  // The server's side of the signaling client's requests.

  seat(client: FakeSignalingClient, name: string | undefined, code: string | undefined): RoomJoined {
    if (code !== undefined && code !== "FAKE01") throw new Error(`No room ${code}`);
    const id = `m${this.nextId++}`;
    const member = { id, name: name ?? "Player", joinedAt: this.nextId, connected: true };
    this.clients.set(id, client);
    this.toOthers(id, "peer:joined", { id, name: member.name, joinedAt: member.joinedAt });
    this.members.push(member);
    if (this.members.length === 1) this.hostId = id;
    return this.joined(id);
  }

  leave(id: string): void {
    this.members = this.members.filter((member) => member.id !== id);
    this.toOthers(id, "peer:left", { id, reason: "left" });
    if (this.hostId === id) this.electHost();
  }

  relay(from: string, to: RelaySend["to"], channel: RelayChannel, data: FrameBytes): void {
    this.relaySends.push({ from, to, channel });
    const targets = to === null ? this.members.map(({ id }) => id).filter((id) => id !== from) : [to].flat();
    for (const id of targets) {
      if (!this.members.some((member) => member.id === id && member.connected)) continue;
      const client = this.client(id);
      this.send({ from, channel, data }, (message) => client.emit("relay:message", message));
    }
  }

  // The WebRTC side: endpoints by member id, connections between them.

  register(endpoint: FakeEndpoint): void {
    this.endpoints.set(endpoint.selfId, endpoint);
  }

  dial(from: string, to: string): Promise<DataConnection> {
    const remote = this.endpoints.get(to);
    if (!remote) return new Promise(() => undefined); // never answers: the attempt times out
    const [ours, theirs] = FakeConnection.pair(this, from, to);
    this.send(null, () => remote.handlers.incoming(theirs as unknown as DataConnection));
    // Both sides have their channels once the answer arrives: then the connection opens.
    this.send(null, () => this.send(null, () => ours.connect()));
    return Promise.resolve(ours as unknown as DataConnection);
  }

  private joined(id: string): RoomJoined {
    const members = this.members.map(({ id, name, joinedAt }) => ({ id, name, joinedAt }));
    return {
      code: "FAKE01",
      selfId: id,
      hostId: this.hostId,
      members,
      resumeToken: "resume-token-0123456789",
      resumeGraceMs: 30_000,
      peerToken: `peer-${id}`,
      iceServers: [],
      iceServersTtlMs: null,
    };
  }

  private electHost(): void {
    this.hostId = this.members.find((member) => member.connected)?.id ?? "";
    for (const member of this.members) {
      if (!member.connected) continue;
      const client = this.client(member.id);
      this.send({ hostId: this.hostId }, (event) => client.emit("host:changed", event));
    }
  }

  private toOthers<K extends "peer:joined" | "peer:left" | "peer:reconnecting" | "peer:resumed">(
    id: string,
    event: K,
    value: SignalingEvents[K],
  ): void {
    for (const member of this.members) {
      if (member.id === id || !member.connected) continue;
      const client = this.client(member.id);
      this.send(value, (copy) => client.emit(event, copy));
    }
  }

  private member(id: string): Member & { connected: boolean } {
    const member = this.members.find((candidate) => candidate.id === id);
    if (!member) throw new Error(`No member ${id}`);
    return member;
  }

  private client(id: string): FakeSignalingClient {
    const client = this.clients.get(id);
    if (!client) throw new Error(`No client ${id}`);
    return client;
  }
}

/** Stands in for SignalingClient: the same calls, answered by a FakeNetwork. */
export class FakeSignalingClient extends Emitter<SignalingEvents> {
  private readonly network: FakeNetwork;
  private selfId: string | undefined;
  private isReconnecting = false;

  constructor(options: SignalingClientOptions) {
    super();
    this.network = FakeNetwork.at(options.serverUrl);
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  /** Creates or joins the network's one room; it lists no public rooms, so it has no quick join. */
  enter(event: EntryEvent, request: { name?: string | undefined; code?: string }): Promise<RoomJoined> {
    if (event === "room:quick-join") return Promise.reject(new Error("The fake network has no quick join"));
    return this.seated(this.network.seat(this, request.name, request.code));
  }

  resumeKeptSeat(): Promise<RoomJoined | undefined> {
    return Promise.resolve(undefined);
  }

  leaveRoom(): Promise<void> {
    if (this.selfId) this.network.leave(this.selfId);
    this.selfId = undefined;
    return Promise.resolve();
  }

  relay(to: RelaySend["to"], channel: RelayChannel, data: FrameBytes): void {
    // Like the real client: nothing is relayed while the connection is down.
    if (this.selfId && !this.isReconnecting) this.network.relay(this.selfId, to, channel, data);
  }

  syncTime(): Promise<{ t0: number; serverTime: number; t3: number }> {
    const now = performance.timeOrigin + performance.now();
    return Promise.resolve({ t0: now, serverTime: now, t3: now });
  }

  report(): void {}
  pageGone(): void {}
  close(): void {
    this.network.closedConnections++;
  }

  /** The network dropped this connection (FakeNetwork.drop). */
  lost(): void {
    this.isReconnecting = true;
    this.network.send({ reason: "transport close" }, (event) => this.emit("reconnecting", event));
  }

  override emit<K extends keyof SignalingEvents>(event: K, value: SignalingEvents[K]): void {
    if (event === "resumed") this.isReconnecting = false;
    super.emit(event, value);
  }

  private seated(joined: RoomJoined): Promise<RoomJoined> {
    this.selfId = joined.selfId;
    return Promise.resolve(joined);
  }
}

/** Stands in for startWebRTCSession: this member's PeerJS endpoint on a FakeNetwork. */
export function startFakeWebRTCSession(
  joined: RoomJoined,
  options: { serverUrl: string },
  handlers: WebRTCSessionHandlers,
): WebRTCSession {
  const endpoint = new FakeEndpoint(FakeNetwork.at(options.serverUrl), joined.selfId, handlers);
  return endpoint;
}

class FakeEndpoint implements WebRTCSession {
  isDisconnected = false;

  constructor(
    private readonly network: FakeNetwork,
    readonly selfId: string,
    readonly handlers: WebRTCSessionHandlers,
  ) {
    network.register(this);
  }

  connect(peerId: string): Promise<DataConnection> {
    return this.network.dial(this.selfId, peerId);
  }

  disconnect(): void {
    this.isDisconnected = true;
  }

  destroy(): void {
    this.isDisconnected = true;
  }
}
