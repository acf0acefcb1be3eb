import { afterEach, describe, expect, it } from "vitest";
import type { DataConnection } from "peerjs";
import { decodeFrame, encodeEventBody, encodeFrame, type FrameBytes, type RelaySend } from "@rallypoint/protocol";
import { RelayFanout } from "../transport/relay-fanout.js";
import { PeerMesh } from "./mesh.js";
import { NetworkConditioner, type ConditionerClock } from "./network-conditioner.js";
import { NetworkMode } from "./network-mode.js";
import type { PeerLinkConfig } from "./peer-link-config.js";
import { TEST_LINK_CONFIG } from "../testing/link-config.js";

/** Heartbeats far apart: these tests are about the mesh's sends, not the links' liveness. */
const config: PeerLinkConfig = { ...TEST_LINK_CONFIG, heartbeatIntervalMs: 60_000, heartbeatTimeoutMs: 180_000 };

/** A clock whose timers run only when the test says (`advance`). */
function manualClock(): ConditionerClock & { advance(ms: number): void } {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  return {
    now: () => now,
    random: () => 0.5,
    setTimer: (run, delayMs) => (timers.set(++next, { at: now + delayMs, run }), next),
    clearTimer: (handle) => timers.delete(handle as number),
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers].sort(([, a], [, b]) => a.at - b.at)) {
        if (timer.at > now) continue;
        timers.delete(id);
        timer.run();
      }
    },
  };
}

const meshes: PeerMesh[] = [];
afterEach(() => {
  for (const mesh of meshes.splice(0)) mesh.close();
});

/** `me` on the relay (SIGNALING_ONLY) with `peers`, recording every relay:send. */
function relayMesh(peers: string[], conditioner = new NetworkConditioner()) {
  const sent: { to: RelaySend["to"]; type: string | undefined; bytes: FrameBytes }[] = [];
  const relay = new RelayFanout((to, _channel, bytes) => sent.push({ to, type: decodeFrame(bytes)?.type, bytes }));
  const host = {
    dial: () => new Promise<DataConnection>(() => undefined),
    deliverEvent: () => undefined,
    deliverState: () => undefined,
    linkChanged: () => undefined,
  };
  const mesh = new PeerMesh("me", NetworkMode.SignalingOnly, host, relay, config, conditioner);
  meshes.push(mesh);
  for (const peer of peers) mesh.add(peer);
  return { mesh, sent };
}

const stateFrame = (seq: number): FrameBytes => encodeFrame({ type: "state", seq, time: 0, payload: { seq } });

describe("PeerMesh state broadcast", () => {
  it("sends a state once for every link on the relay, to the room, and counts it on each link", () => {
    const { mesh, sent } = relayMesh(["bob", "cat", "dan"]);
    const frame = stateFrame(1);

    mesh.sendState(frame);

    expect(sent).toEqual([{ to: null, type: "state", bytes: frame }]);
    expect(mesh.infos().map((link) => link.stats.state.messagesOut)).toEqual([1, 1, 1]);
  });

  it("names the peers when the state goes to some of them, and one peer alone by its id", () => {
    const { mesh, sent } = relayMesh(["bob", "cat", "dan"]);

    mesh.sendState(
      stateFrame(1),
      [mesh.get("bob"), mesh.get("cat")].filter((link) => link !== undefined),
    );
    mesh.sendState(
      stateFrame(2),
      [mesh.get("dan")].filter((link) => link !== undefined),
    );

    expect(sent.map(({ to }) => to)).toEqual([["bob", "cat"], "dan"]);
  });

  it("keeps each peer's frames in order: its own events, then the broadcast", () => {
    const { mesh, sent } = relayMesh(["bob", "cat"]);
    const body = encodeEventBody("hit", 1);

    for (const link of mesh.all()) link.sendEvent(body);
    mesh.sendState(stateFrame(1));

    expect(sent.map(({ to, type }) => [to, type])).toEqual([
      ["bob", "event"],
      ["cat", "event"],
      [null, "state"],
    ]);
  });

  it("with simulated conditions, lets each link's copy wait its own delay and leave on its own", () => {
    const clock = manualClock();
    const conditioner = new NetworkConditioner(clock);
    conditioner.set({ latencyMs: 100 });
    const { mesh, sent } = relayMesh(["bob", "cat"], conditioner);

    mesh.sendState(stateFrame(1));
    expect(sent).toEqual([]);
    clock.advance(50);

    expect(sent.map(({ to, type }) => [to, type])).toEqual([
      ["bob", "state"],
      ["cat", "state"],
    ]);
  });
});
