import { afterEach, describe, expect, it, vi } from "vitest";
import { GameNetworkManager } from "./game-network-manager.js";
import type { NetworkMode } from "./links/network-mode.js";
import { FakeNetwork } from "./testing/fake-network.js";

// The manager over in-memory fakes of the server (FakeSignalingClient) and of PeerJS/WebRTC (the fake PeerJS
// session and its DataConnections): everything sent waits in one queue until `network.flush()`.
vi.mock("./transport/signaling-client.js", async () => ({
  SignalingClient: (await import("./testing/fake-network.js")).FakeSignalingClient,
}));
vi.mock("./transport/webrtc-session.js", async () => ({
  startWebRTCSession: (await import("./testing/fake-network.js")).startFakeWebRTCSession,
}));

const managers: GameNetworkManager[] = [];
afterEach(async () => {
  for (const net of managers.splice(0)) await net.leave();
});

/** A player on `network`, recording what its manager emits. */
function player(network: FakeNetwork, name: string, mode: NetworkMode = "SIGNALING_ONLY") {
  const net = new GameNetworkManager({ serverUrl: network.url, name, mode, leaveOnPageHide: false });
  managers.push(net);
  const seen: [string, unknown][] = [];
  const events = ["peer-joined", "peer-left", "host-changed", "reconnecting", "resumed", "link-changed"] as const;
  for (const event of events) net.on(event, (value) => seen.push([event, value]));
  net.onHostMigration((migration) => seen.push(["host-migration", migration]));
  const received: unknown[] = [];
  net.on("event", ({ from, type, payload }) => received.push([from, type, payload]));
  return { net, seen, received, of: (event: string) => seen.filter(([name]) => name === event).map(([, v]) => v) };
}

/** Three players in one room, ada (host), bob and cat, every pair linked. */
async function roomOfThree(network: FakeNetwork, mode?: NetworkMode) {
  const ada = player(network, "Ada", mode);
  const bob = player(network, "Bob", mode);
  const cat = player(network, "Cat", mode);
  const { code } = await ada.net.createRoom();
  await bob.net.joinRoom(code);
  await cat.net.joinRoom(code);
  await network.flush();
  return { ada, bob, cat };
}

const ids = (net: GameNetworkManager): string[] => net.getLinks().map((link) => link.peerId);

describe("GameNetworkManager leave (in-memory server)", () => {
  it("closes the connection also outside a room, as a title screen's listRooms leaves it open", async () => {
    const network = new FakeNetwork();
    await player(network, "Ada").net.leave();
    expect(network.closedConnections).toBe(1);
  });
});

describe("GameNetworkManager host migration (in-memory server)", () => {
  it("hands the game the last host's newest state when the host leaves, on the member that takes over only", async () => {
    const network = new FakeNetwork();
    const { ada, bob, cat } = await roomOfThree(network);
    ada.net.sendState({ score: 1 });
    ada.net.sendState({ score: 2 });
    await network.flush();

    await ada.net.leave();
    await network.flush();

    expect(bob.of("host-migration")).toEqual([{ previousHostId: "m1", lastHostState: { score: 2 } }]);
    expect(cat.of("host-migration")).toEqual([]);
    for (const { net, of } of [bob, cat]) {
      expect(of("peer-left")).toEqual([{ id: "m1", reason: "left" }]);
      expect(of("host-changed")).toEqual([{ hostId: "m2" }]);
      expect(net.room).toMatchObject({ hostId: "m2", members: [{ id: "m2" }, { id: "m3" }] });
    }
    expect(ids(bob.net)).toEqual(["m3"]);
  });

  it("moves the role at once when the host's connection drops, keeping its seat and its state", async () => {
    const network = new FakeNetwork();
    const { bob, cat } = await roomOfThree(network);
    cat.net.sendState({ pos: 9 }); // not the host's: must not be taken for it
    await network.flush();
    const ada = managers[0] as GameNetworkManager;
    ada.sendState({ pos: 7 });
    await network.flush();

    network.drop("m1");
    await network.flush();

    expect(bob.of("host-migration")).toEqual([{ previousHostId: "m1", lastHostState: { pos: 7 } }]);
    expect(bob.net.room?.members.map((member) => member.id)).toEqual(["m1", "m2", "m3"]);
    expect(ids(bob.net)).toEqual(["m1", "m3"]);
    expect(cat.of("host-migration")).toEqual([]);
  });
});

describe("GameNetworkManager resume catch-up (in-memory server)", () => {
  it("after a drop, replays what the room did meanwhile as the events the server would have sent, then resumes", async () => {
    const network = new FakeNetwork();
    const { ada, bob, cat } = await roomOfThree(network);
    ada.net.sendEvent("chat", 0);
    await network.flush();

    network.drop("m2"); // bob
    await network.flush();
    await cat.net.leave(); // cat leaves, the host leaves, dan joins: bob hears none of it
    ada.net.sendEvent("chat", 1, "m2");
    ada.net.sendEvent("chat", 2, "m2");
    await network.flush();
    const dan = player(network, "Dan");
    await dan.net.joinRoom("FAKE01");
    await ada.net.leave();
    await network.flush();
    expect(bob.received).toEqual([["m1", "chat", 0]]);

    network.resume("m2");
    await network.flush();

    // In the order the server would have told them, the new host (the oldest connected member: Dan) last.
    expect(bob.seen.map(([event]) => event).filter((event) => event !== "link-changed")).toEqual([
      "peer-joined",
      "reconnecting",
      "peer-left",
      "peer-left",
      "peer-joined",
      "host-changed",
      "resumed",
    ]);
    expect(bob.of("peer-left")).toEqual([
      { id: "m1", reason: "timeout" },
      { id: "m3", reason: "timeout" },
    ]);
    expect(bob.of("host-changed")).toEqual([{ hostId: "m4" }]);
    expect(bob.of("resumed")).toEqual([
      expect.objectContaining({
        hostId: "m4",
        members: [expect.objectContaining({ id: "m2" }), expect.objectContaining({ id: "m4" })],
      }),
    ]);
    expect(ids(bob.net)).toEqual(["m4"]);
    expect(bob.received).toEqual([["m1", "chat", 0]]); // ada's gap events went with her; nothing doubled
  });

  it("resends to a resumed peer every event it missed, once and in order", async () => {
    const network = new FakeNetwork();
    const { ada, bob } = await roomOfThree(network);

    network.drop("m2");
    await network.flush();
    for (let n = 1; n <= 3; n++) ada.net.sendEvent("chat", n, "m2");
    await network.flush();
    network.resume("m2");
    await network.flush();

    expect(bob.received).toEqual([
      ["m1", "chat", 1],
      ["m1", "chat", 2],
      ["m1", "chat", 3],
    ]);
  });
});

describe("GameNetworkManager setMode fan-out (in-memory WebRTC)", () => {
  it("moves every link to the relay and back to WebRTC, without losing or doubling an event", async () => {
    const network = new FakeNetwork();
    const { ada, bob, cat } = await roomOfThree(network, "HYBRID");
    const paths = (net: GameNetworkManager): string[] => net.getLinks().map((link) => `${link.state}/${link.path}`);
    expect(paths(ada.net)).toEqual(["webrtc/webrtc", "webrtc/webrtc"]);

    ada.net.sendEvent("n", 1);
    ada.net.setMode("SIGNALING_ONLY");
    ada.net.sendEvent("n", 2);
    await network.flush();

    expect(paths(ada.net)).toEqual(["relay/relay", "relay/relay"]);
    expect(bob.net.getLinks().find((link) => link.peerId === "m1")?.path).toBe("relay");
    expect(ada.of("link-changed").map((info) => (info as { peerId: string }).peerId)).toEqual(
      expect.arrayContaining(["m2", "m3"]),
    );

    ada.net.setMode("HYBRID");
    ada.net.sendEvent("n", 3);
    await network.flush();

    expect(paths(ada.net)).toEqual(["webrtc/webrtc", "webrtc/webrtc"]);
    for (const { received } of [bob, cat]) {
      expect(received).toEqual([
        ["m1", "n", 1],
        ["m1", "n", 2],
        ["m1", "n", 3],
      ]);
    }
  });

  it("sends a state to the links on WebRTC on their channels and once through the relay for the others", async () => {
    const network = new FakeNetwork();
    const { ada, bob, cat } = await roomOfThree(network, "HYBRID");
    const states: string[] = [];
    for (const { net } of [bob, cat]) net.on("state", ({ via }) => states.push(`${net.room?.selfId}:${via}`));
    cat.net.setMode("SIGNALING_ONLY");
    await network.flush();
    network.relaySends.length = 0;

    ada.net.sendState({ x: 1 });
    await network.flush();

    expect(network.relaySends.filter(({ channel }) => channel === "state")).toEqual([
      { from: "m1", to: "m3", channel: "state" },
    ]);
    expect(states.sort()).toEqual(["m2:webrtc", "m3:relay"]);

    ada.net.setMode("SIGNALING_ONLY");
    await network.flush();
    network.relaySends.length = 0;
    ada.net.sendState({ x: 2 });
    await network.flush();

    expect(network.relaySends.filter(({ channel }) => channel === "state")).toEqual([
      { from: "m1", to: null, channel: "state" },
    ]);
  });
});
