import { describe, expect, it } from "vitest";
import type { PeerFrame } from "@rallypoint/protocol";
import { LinkHeartbeat } from "./link-heartbeat.js";
import type { LinkPath, Via } from "./link-info.js";

const TIMEOUT_MS = 3000;

/** A heartbeat on a link whose path and state the test sets, recording what it sends and each verification. */
function heartbeatOn(path: LinkPath, isUpgrading = false) {
  const link = { path, isUpgrading, now: 1000, sent: [] as [PeerFrame, Via][], verifications: 0 };
  const heartbeat = new LinkHeartbeat(() => link.now, TIMEOUT_MS, {
    path: () => link.path,
    isUpgrading: () => link.isUpgrading,
    send: (frame, via) => link.sent.push([frame, via]),
    verified: () => {
      link.verifications++;
      link.isUpgrading = false;
      link.path = "webrtc";
    },
  });
  /** The id of the last ping sent on `via`. */
  const lastPing = (via: Via): number => {
    const ping = link.sent.findLast(([frame, on]) => frame.type === "ping" && on === via);
    if (ping?.[0].type !== "ping") throw new Error(`no ping on ${via}`);
    return ping[0].id;
  };
  return { heartbeat, link, lastPing };
}

describe("LinkHeartbeat", () => {
  it("answers a ping the way it came", () => {
    const { heartbeat, link } = heartbeatOn("relay");
    heartbeat.receive({ type: "ping", id: 7 }, "webrtc");
    heartbeat.receive({ type: "ping", id: 8 }, "relay");
    expect(link.sent).toEqual([
      [{ type: "pong", id: 7 }, "webrtc"],
      [{ type: "pong", id: 8 }, "relay"],
    ]);
  });

  it("pings the path in use on each beat, WebRTC too while upgrading, and nothing with no path", () => {
    const { heartbeat, link } = heartbeatOn("relay", true);
    heartbeat.beat();
    expect(link.sent.map(([frame, via]) => [frame.type, via])).toEqual([
      ["ping", "relay"],
      ["ping", "webrtc"],
    ]);
    link.sent = [];
    link.path = "none";
    link.isUpgrading = false;
    heartbeat.beat();
    expect(link.sent).toEqual([]);
  });

  it("verifies WebRTC when the pong of the channel's first ping comes back through it, not through the relay", () => {
    const { heartbeat, link, lastPing } = heartbeatOn("relay", true);
    heartbeat.beat();
    heartbeat.receive({ type: "pong", id: lastPing("webrtc") }, "relay");
    expect(link.verifications).toBe(0);

    heartbeat.channelOpened();
    heartbeat.receive({ type: "pong", id: lastPing("webrtc") }, "webrtc");
    expect(link.verifications).toBe(1);
    heartbeat.receive({ type: "pong", id: 999 }, "webrtc"); // a pong for no ping in flight
    expect(link.verifications).toBe(1);
  });

  it("measures the RTT from pongs on the path in use only, and forgets it when the path changes", () => {
    const { heartbeat, link, lastPing } = heartbeatOn("relay", true);
    heartbeat.beat();
    link.now += 40;
    heartbeat.receive({ type: "pong", id: lastPing("relay") }, "relay");
    expect(heartbeat.rttMs).toBe(40);

    link.isUpgrading = false; // a pong from WebRTC while the relay carries the pair says nothing of its RTT
    heartbeat.channelOpened();
    link.now += 10;
    heartbeat.receive({ type: "pong", id: lastPing("webrtc") }, "webrtc");
    expect(heartbeat.rttMs).toBe(40);

    heartbeat.pathChanged();
    expect(heartbeat.rttMs).toBeNull();
  });

  it("smooths the RTT over the pongs, and ignores the pong of a ping too old to be waited for", () => {
    const { heartbeat, link, lastPing } = heartbeatOn("relay");
    const pings: number[] = [];
    for (let beat = 0; beat < 10; beat++) {
      heartbeat.beat();
      pings.push(lastPing("relay"));
    }
    link.now += 100;
    heartbeat.receive({ type: "pong", id: pings[0] ?? -1 }, "relay"); // only 8 pings are awaited
    expect(heartbeat.rttMs).toBeNull();
    heartbeat.receive({ type: "pong", id: pings[9] ?? -1 }, "relay");
    link.now += 50;
    heartbeat.receive({ type: "pong", id: pings[8] ?? -1 }, "relay");
    expect(heartbeat.rttMs).toBe(110); // 0.8 * 100 + 0.2 * 150
    heartbeat.receive({ type: "pong", id: pings[8] ?? -1 }, "relay"); // answered already
    expect(heartbeat.rttMs).toBe(110);
  });

  it("calls a data channel dead once it has been silent longer than the timeout, and only while it is in use", () => {
    const { heartbeat, link } = heartbeatOn("webrtc");
    heartbeat.channelOpened();
    link.now += TIMEOUT_MS;
    expect(heartbeat.isWebRTCSilent()).toBe(false);
    heartbeat.heard("webrtc");
    link.now += TIMEOUT_MS;
    heartbeat.heard("relay"); // the relay says nothing of the channel
    link.now += 1;
    expect(heartbeat.isWebRTCSilent()).toBe(true);
    link.path = "relay";
    expect(heartbeat.isWebRTCSilent()).toBe(false);
  });
});
