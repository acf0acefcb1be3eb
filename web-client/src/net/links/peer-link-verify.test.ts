import { describe, expect, it } from "vitest";
import type { DataConnection } from "peerjs";
import { FakeConnection, type FakeWire } from "../testing/fake-connection.js";
import { NetworkMode } from "./network-mode.js";
import { PeerLink } from "./peer-link.js";
import { TEST_LINK_CONFIG } from "../testing/link-config.js";
import type { PeerLinkHost } from "./peer-link-host.js";

/** No open timeout within the test: only the heartbeat may rescue the verification. */
const config = { ...TEST_LINK_CONFIG, openTimeoutMs: 60_000 };

/** Frames wait here until `flush()`, so the test decides what each end has seen when. */
function queuedWire(): FakeWire & { flush(): void } {
  const queue: (() => void)[] = [];
  return {
    send: (value, deliver) => queue.push(() => deliver(structuredClone(value))),
    flush: () => {
      while (queue.length > 0) queue.shift()?.();
    },
  };
}

const host = (dial: () => Promise<DataConnection>): PeerLinkHost => ({
  dial,
  relayReady: () => true,
  relay: () => undefined,
  deliverEvent: () => undefined,
  deliverState: () => undefined,
  linkChanged: () => undefined,
});

describe("PeerLink's WebRTC verification", () => {
  it("pings WebRTC again on the heartbeat when its first ping went out before the far end had opened", async () => {
    const wire = queuedWire();
    const [ours, theirs] = FakeConnection.pair(wire, "a", "b");
    const dialed = Promise.resolve(ours as unknown as DataConnection);
    const a = new PeerLink(
      "b",
      true,
      NetworkMode.Hybrid,
      host(() => dialed),
      config,
    );
    const b = new PeerLink(
      "a",
      false,
      NetworkMode.Hybrid,
      host(() => new Promise(() => undefined)),
      config,
    );
    await dialed;
    b.acceptIncoming(theirs as unknown as DataConnection);

    ours.openThisEnd(); // a pings through its channel at once: b's end is not open, the ping is lost
    wire.flush();
    theirs.openThisEnd(); // b pings in turn, and a answers: b is verified, a still waits for a pong
    wire.flush();
    wire.flush();
    expect(b.info().state).toBe("webrtc");
    expect(a.info().state).toBe("upgrading");

    a.tick();
    wire.flush();
    wire.flush();

    expect(a.info()).toMatchObject({ state: "webrtc", path: "webrtc" });
    a.close();
    b.close();
  });
});
