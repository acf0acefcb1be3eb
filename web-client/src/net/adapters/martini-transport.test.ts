import { Limits } from "@rallypoint/protocol";
import { describe, expect, it, vi } from "vitest";
import type { RoomInfo } from "../network-events.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { FakeRoom } from "../testing/fake-martini-room.js";
import { join, pair, trio } from "../testing/martini-players.js";
import { MartiniTransport } from "./martini-transport.js";
import type { WireMessage } from "./martini-wire.js";

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
  it("leaves spectators out of martini's players, tells of them apart, and drops what a spectator sends", () => {
    const { room, alice, bob } = pair();
    const joins: string[] = [];
    const spectatorJoins: string[] = [];
    alice.transport.onPeerJoin((id) => joins.push(id));
    alice.transport.onSpectatorJoin((id) => spectatorJoins.push(id));
    const watcher = room.join("watcher", undefined, { spectator: true });
    const transport = new MartiniTransport(watcher);
    const inbox: string[] = [];
    transport.onMessage((message) => inbox.push(message.type));

    expect([joins, spectatorJoins]).toEqual([[], ["watcher"]]);
    expect(alice.transport.getPeerIds()).toEqual(["bob"]);
    expect(transport.getPeerIds()).toEqual(["alice", "bob"]);
    expect([transport.isSpectator(), transport.isHost(), alice.transport.isSpectator()]).toEqual([true, false, false]);
    // It hears what players broadcast; what its runtime sends is dropped and counted, never thrown.
    alice.transport.send({ type: "state_sync", payload: { patches: [] } });
    expect(inbox).toEqual(["state_sync"]);
    transport.send({ type: "action", payload: {}, senderId: "watcher" });
    expect(watcher.sent).toEqual([]);
    expect(transport.metrics.getMessageStats().errors).toBe(1);
    // Its leaving is no player's leaving.
    const leaves: string[] = [];
    bob.transport.onPeerLeave((id) => leaves.push(id));
    room.leave("watcher");
    expect(leaves).toEqual([]);
  });

  it("sends every message, state_sync included, as a reliable martini event by default", () => {
    const { alice, bob } = pair();
    const types = allTypes.filter((type) => !type.startsWith("host_"));
    for (const type of types) alice.transport.send({ type, payload: { n: 1 }, senderId: "alice" });
    expect(alice.network.sent.map(({ channel, type }) => [channel, type])).toEqual(
      types.map(() => ["event", "martini"]),
    );
    expect(bob.inbox).toEqual(types.map((type) => [{ type, payload: { n: 1 }, senderId: "alice" }, "alice"]));
  });

  it("sends state_sync on the unreliable state path when asked to, under its own event type otherwise", () => {
    const { alice, bob } = pair();
    const transport = new MartiniTransport(alice.network, { stateSync: "unreliable", eventType: "mk" });
    transport.send({ type: "state_sync", payload: { fullState: { n: 1 } } });
    transport.send({ type: "action" });
    expect(alice.network.sent).toEqual([
      { channel: "state", payload: { type: "state_sync", payload: { fullState: { n: 1 } } }, to: undefined },
      { channel: "event", type: "mk", payload: { type: "action" }, to: undefined },
    ]);
    // bob's transport listens for "martini" events and for state: the action under "mk" is not its.
    expect(bob.inbox).toEqual([[{ type: "state_sync", payload: { fullState: { n: 1 } } }, "alice"]]);
  });

  it("keeps martini's extra properties", () => {
    const { alice, bob } = pair();
    alice.transport.send({ type: "event", hostId: "alice", custom: [1, 2] });
    expect(bob.inbox).toEqual([[{ type: "event", hostId: "alice", custom: [1, 2] }, "alice"]]);
  });

  it("broadcasts without a target and sends only to the target with one", () => {
    const { alice, bob, carol } = trio();
    alice.transport.send({ type: "action", payload: "all" });
    alice.transport.send({ type: "action", payload: "bob" }, "bob");
    alice.transport.send({ type: "event", payload: "carol" }, "carol");
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

  it("reports a peer whose page reloaded as joining again (its runtime starts from nothing), not one that resumed", () => {
    const room = new FakeRoom();
    const { transport, network } = join(room, "alice");
    room.join("bob");
    const joined: string[] = [];
    transport.onPeerJoin((id) => joined.push(id));
    network.emit("peer-resumed", { id: "bob", restarted: false });
    network.emit("peer-resumed", { id: "bob", restarted: true });
    expect(joined).toEqual(["bob"]);
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
      { type: "host_announce", hostId: "alice" }, // the server says who hosts, not a peer
      { type: "host_migration", newHost: "alice" },
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
    bob.transport.send({ type: "host_query" }); // answered here: neither sent nor received
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

  it("reports connecting while the manager reconnects, connected once its seat is back, and the end", () => {
    const { room, bob } = pair();
    const states: string[] = [];
    bob.transport.metrics.onConnectionChange((state) => states.push(state));
    expect(bob.transport.metrics.getConnectionState()).toBe("connected");
    bob.network.emit("reconnecting", { reason: "transport close" });
    expect(bob.transport.metrics.getConnectionState()).toBe("connecting");
    bob.network.emit("resumed", bob.network.room as RoomInfo);
    expect(bob.transport.metrics.getConnectionState()).toBe("connected");
    bob.network.emit("reconnecting", { reason: "ping timeout" });
    room.disconnect("bob");
    expect(bob.transport.metrics.getConnectionState()).toBe("disconnected");
    expect(states).toEqual(["connecting", "connected", "connecting", "disconnected"]);
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
  it("counts a message the manager dropped for a full peer as an error, once per such peer", () => {
    const { alice, bob, carol } = trio();
    alice.network.fullPeers.add("bob");
    alice.transport.send({ type: "state_sync", payload: { patches: [] } });
    alice.transport.send({ type: "action" }, "bob");
    alice.network.emit("error", new NetworkError(ClientErrorCode.SendBufferFull, "another sender's drop"));
    expect(alice.transport.metrics.getMessageStats()).toEqual({ sent: 1, received: 0, errors: 2 });
    expect(bob.inbox).toEqual([]);
    expect(carol.inbox).toHaveLength(1);
  });
});
