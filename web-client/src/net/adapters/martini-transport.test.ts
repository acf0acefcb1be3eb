import { ErrorCode, Limits, type Member } from "@rallypoint/protocol";
import { describe, expect, it, vi } from "vitest";
import { Emitter } from "../emitter.js";
import type { NetworkEvents, RoomInfo } from "../network-events.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { emptyLinkStats, type LinkInfo } from "../transport/link-info.js";
import { MartiniTransport, type MartiniNetwork, type WireMessage } from "./martini-transport.js";

interface Sent {
  channel: "event" | "state";
  type?: string;
  payload: unknown;
  to?: string;
}

/** A room of fake managers that deliver synchronously, cloning each message as a real wire would. */
class FakeRoom {
  readonly networks = new Map<string, FakeNetwork>();
  hostId = "";
  private joinedAt = 0;

  join(id: string): FakeNetwork {
    const member: Member = { id, name: id, joinedAt: ++this.joinedAt };
    if (this.networks.size === 0) this.hostId = id;
    const network = new FakeNetwork(this, member);
    for (const other of this.networks.values()) other.emit("peer-joined", member);
    this.networks.set(id, network);
    return network;
  }

  /** The member leaves; the oldest remaining one inherits the host role. */
  leave(id: string): void {
    this.networks.delete(id);
    for (const other of this.networks.values()) other.emit("peer-left", { id, reason: "left" });
    const heir = [...this.networks.values()].sort((a, b) => a.member.joinedAt - b.member.joinedAt)[0];
    if (id === this.hostId && heir) {
      this.hostId = heir.member.id;
      for (const other of this.networks.values()) other.emit("host-changed", { hostId: this.hostId });
    }
  }

  /** The server connection of `id` drops. */
  disconnect(id: string): void {
    const network = this.networks.get(id);
    this.leave(id);
    network?.emit("disconnected", "connection-lost");
  }
}

class FakeNetwork implements MartiniNetwork {
  readonly sent: Sent[] = [];
  private stateSeq = 0;
  rtts: (number | null)[] = [];
  private readonly events = new Emitter<NetworkEvents>();

  constructor(
    private readonly fakeRoom: FakeRoom,
    readonly member: Member,
  ) {}

  get room(): RoomInfo | undefined {
    if (!this.fakeRoom.networks.has(this.member.id)) return undefined;
    const members = [...this.fakeRoom.networks.values()].map((network) => network.member);
    return { code: "K7MQ2X", selfId: this.member.id, hostId: this.fakeRoom.hostId, members };
  }

  on<K extends keyof NetworkEvents>(event: K, listener: (value: NetworkEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  emit<K extends keyof NetworkEvents>(event: K, value: NetworkEvents[K]): void {
    this.events.emit(event, value);
  }

  sendEvent(type: string, payload: unknown, to?: string): void {
    const targets = this.targets(to);
    if (JSON.stringify(payload).length > Limits.maxRelayPayloadBytes) {
      throw new NetworkError(ClientErrorCode.PayloadTooLarge, "too large");
    }
    this.sent.push({ channel: "event", type, payload, to });
    for (const target of targets) {
      target.emit("event", { from: this.member.id, type, payload: structuredClone(payload), via: "relay" });
    }
  }

  sendState(payload: Record<string, unknown>, to?: string): void {
    const targets = this.targets(to);
    this.sent.push({ channel: "state", payload, to });
    const snapshot = { seq: this.stateSeq++, time: 0, teleport: false };
    for (const target of targets)
      target.emit("state", { from: this.member.id, payload: structuredClone(payload), via: "webrtc", ...snapshot });
  }

  getLinks(): LinkInfo[] {
    return this.rtts.map((rttMs, index) => ({
      peerId: `peer-${index}`,
      path: "webrtc",
      state: "webrtc",
      rttMs,
      lastSwitchAt: null,
      webrtcRoute: "direct",
      lastFailure: null,
      pendingEvents: 0,
      stats: emptyLinkStats(),
    }));
  }

  private targets(to: string | undefined): FakeNetwork[] {
    if (!this.room) throw new NetworkError(ClientErrorCode.NotInRoom, "not in a room");
    const others = [...this.fakeRoom.networks.values()].filter((network) => network !== this);
    if (to === undefined) return others;
    const target = others.find((network) => network.member.id === to);
    if (!target) throw new NetworkError(ErrorCode.UnknownPeer, `no member ${to}`);
    return [target];
  }
}

interface Player {
  network: FakeNetwork;
  transport: MartiniTransport;
  inbox: [WireMessage, string][];
}

/** Joins `id` to the room with a transport whose incoming messages collect in `inbox`. */
function join(room: FakeRoom, id: string): Player {
  const network = room.join(id);
  const transport = new MartiniTransport(network);
  const inbox: [WireMessage, string][] = [];
  transport.onMessage((message, senderId) => inbox.push([message, senderId]));
  return { network, transport, inbox };
}

function pair() {
  const room = new FakeRoom();
  return { room, alice: join(room, "alice"), bob: join(room, "bob") };
}

function trio() {
  const { room, alice, bob } = pair();
  return { room, alice, bob, carol: join(room, "carol") };
}

const allTypes: WireMessage["type"][] = [
  "state_sync",
  "action",
  "player_join",
  "player_leave",
  "event",
  "heartbeat",
  "host_migration",
  "host_query",
  "host_announce",
];

describe("MartiniTransport", () => {
  it("sends state_sync on the unreliable state path and every other type as a reliable martini event", () => {
    const { alice, bob } = pair();
    for (const type of allTypes) alice.transport.send({ type, payload: { n: 1 }, senderId: "alice" });
    expect(alice.network.sent.map(({ channel, type }) => [channel, type])).toEqual(
      allTypes.map((type) => (type === "state_sync" ? ["state", undefined] : ["event", "martini"])),
    );
    expect(bob.inbox).toEqual(allTypes.map((type) => [{ type, payload: { n: 1 }, senderId: "alice" }, "alice"]));
  });

  it("sends state_sync reliably when asked to", () => {
    const { alice } = pair();
    new MartiniTransport(alice.network, { stateSync: "reliable", eventType: "mk" }).send({ type: "state_sync" });
    expect(alice.network.sent).toEqual([
      { channel: "event", type: "mk", payload: { type: "state_sync" }, to: undefined },
    ]);
  });

  it("keeps martini's extra properties", () => {
    const { alice, bob } = pair();
    alice.transport.send({ type: "host_announce", hostId: "alice", custom: [1, 2] });
    expect(bob.inbox).toEqual([[{ type: "host_announce", hostId: "alice", custom: [1, 2] }, "alice"]]);
  });

  it("broadcasts without a target and sends only to the target with one, on both paths", () => {
    const { alice, bob, carol } = trio();
    alice.transport.send({ type: "action", payload: "all" });
    alice.transport.send({ type: "action", payload: "bob" }, "bob");
    alice.transport.send({ type: "state_sync", payload: "carol" }, "carol");
    expect(bob.inbox.map(([message]) => message.payload)).toEqual(["all", "bob"]);
    expect(carol.inbox.map(([message]) => message.payload)).toEqual(["all", "carol"]);
    expect(alice.inbox).toEqual([]);
    expect(alice.network.sent.map((sent) => sent.to)).toEqual([undefined, "bob", "carol"]);
  });

  it("ignores other event types on the manager", () => {
    const { alice, bob } = pair();
    alice.network.sendEvent("chat", { type: "action" });
    expect(bob.inbox).toEqual([]);
    expect(bob.transport.metrics.getMessageStats()).toEqual({ sent: 0, received: 0, errors: 0 });
  });

  it("reports peers joining and leaving", () => {
    const room = new FakeRoom();
    const { transport } = join(room, "alice");
    const joined: string[] = [];
    const left: string[] = [];
    transport.onPeerJoin((id) => joined.push(id));
    transport.onPeerLeave((id) => left.push(id));
    room.join("bob");
    room.join("carol");
    expect(transport.getPeerIds()).toEqual(["bob", "carol"]);
    room.leave("bob");
    expect(joined).toEqual(["bob", "carol"]);
    expect(left).toEqual(["bob"]);
    expect(transport.getPeerIds()).toEqual(["carol"]);
    expect(transport.metrics.getPeerCount()).toBe(1);
  });

  it("knows who it is and follows the host role when the host leaves", () => {
    const { room, alice, bob, carol } = trio();
    expect([alice, bob, carol].map(({ transport }) => transport.getPlayerId())).toEqual(["alice", "bob", "carol"]);
    expect([alice, bob, carol].map(({ transport }) => transport.isHost())).toEqual([true, false, false]);
    room.leave("alice");
    expect([alice, bob, carol].map(({ transport }) => transport.isHost())).toEqual([false, true, false]);
    expect(alice.transport.getPlayerId()).toBe("alice");
  });

  it("stops calling handlers once unsubscribed", () => {
    const { room, alice, bob } = pair();
    const handlers = { message: vi.fn(), join: vi.fn(), leave: vi.fn(), connection: vi.fn() };
    const unsubscribes = [
      bob.transport.onMessage(handlers.message),
      bob.transport.onPeerJoin(handlers.join),
      bob.transport.onPeerLeave(handlers.leave),
      bob.transport.metrics.onConnectionChange(handlers.connection),
    ];
    for (const unsubscribe of unsubscribes) unsubscribe();
    alice.transport.send({ type: "action" });
    room.join("carol");
    room.leave("carol");
    room.disconnect("bob");
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
    expect(bob.inbox).toHaveLength(1); // the other subscription still works
  });

  it("drops invalid or forged messages from peers and counts them as errors", () => {
    const { alice, bob } = pair();
    const invalid: unknown[] = [
      null,
      "state_sync",
      { payload: 1 },
      { type: "teleport" },
      { type: "health_ping" }, // only in martini's unpublished source
      { type: "action", timestamp: "now" },
      { type: "action", senderId: 7 },
      { type: "action", senderId: "carol" }, // alice claiming to be carol
    ];
    for (const payload of invalid) alice.network.sendEvent("martini", payload);
    alice.network.sendState({ type: "state_sync", senderId: "mallory" });
    expect(bob.inbox).toEqual([]);
    expect(bob.transport.metrics.getMessageStats()).toEqual({ sent: 0, received: 0, errors: invalid.length + 1 });
  });

  it("counts sent, received and failed messages, and resets the counts", () => {
    const { alice, bob } = trio();
    alice.transport.send({ type: "action" });
    alice.transport.send({ type: "state_sync" }, "bob");
    bob.transport.send({ type: "event" }, "alice");
    alice.transport.send({ type: "action" }, "nobody");
    expect(alice.transport.metrics.getMessageStats()).toEqual({ sent: 2, received: 1, errors: 1 });
    expect(bob.transport.metrics.getMessageStats()).toEqual({ sent: 1, received: 2, errors: 0 });
    alice.transport.metrics.resetStats();
    expect(alice.transport.metrics.getMessageStats()).toEqual({ sent: 0, received: 0, errors: 0 });
  });

  it("ignores sends to a member who has just left or after the room ended, but throws on misuse", () => {
    const { room, alice } = pair();
    room.leave("bob");
    expect(() => alice.transport.send({ type: "state_sync" }, "bob")).not.toThrow();
    const tooLarge: WireMessage = { type: "action", payload: "x".repeat(Limits.maxRelayPayloadBytes) };
    expect(() => alice.transport.send(tooLarge)).toThrow(
      expect.objectContaining({ code: ClientErrorCode.PayloadTooLarge }),
    );
    room.disconnect("alice");
    expect(() => alice.transport.send({ type: "action" })).not.toThrow();
    expect(alice.transport.metrics.getMessageStats()).toEqual({ sent: 0, received: 0, errors: 3 });
  });

  it("reports the connection state and its end", () => {
    const { room, bob } = pair();
    const states: string[] = [];
    bob.transport.metrics.onConnectionChange((state) => states.push(state));
    expect(bob.transport.metrics.getConnectionState()).toBe("connected");
    room.disconnect("bob");
    expect(bob.transport.metrics.getConnectionState()).toBe("disconnected");
    expect(states).toEqual(["disconnected"]);
    expect(bob.transport.getPeerIds()).toEqual([]);
    expect(bob.transport.metrics.getPeerCount()).toBe(0);
  });

  it("averages the measured round-trip times of the links", () => {
    const { alice } = pair();
    expect(alice.transport.metrics.getLatencyMs()).toBeUndefined();
    alice.network.rtts = [20, null, 40];
    expect(alice.transport.metrics.getLatencyMs()).toBe(30);
  });

  it("refuses a manager outside a room", () => {
    const room = new FakeRoom();
    const network = room.join("alice");
    room.leave("alice");
    expect(() => new MartiniTransport(network)).toThrow(expect.objectContaining({ code: ClientErrorCode.NotInRoom }));
  });

  it("stops delivering anything once detached", () => {
    const { room, alice, bob } = pair();
    const handlers = { join: vi.fn(), leave: vi.fn(), connection: vi.fn() };
    bob.transport.onPeerJoin(handlers.join);
    bob.transport.onPeerLeave(handlers.leave);
    bob.transport.metrics.onConnectionChange(handlers.connection);
    bob.transport.detach();
    alice.transport.send({ type: "action" });
    room.join("carol");
    room.leave("carol");
    room.disconnect("bob");
    expect(bob.inbox).toEqual([]);
    expect(bob.transport.metrics.getMessageStats().received).toBe(0);
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });
});
