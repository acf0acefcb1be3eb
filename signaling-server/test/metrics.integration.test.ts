import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "@rallypoint/protocol";
import { metricSum, metricValue } from "./support/metric-value.js";
import {
  closeAll,
  connectMember,
  nextEvent,
  refusal,
  request,
  requestUnchecked,
  startTestServer,
  WAIT_MS,
} from "./support/test-server.js";

afterEach(closeAll);

/** Polls a sample until it has the expected value: gauges follow disconnects, which the server sees a moment later. */
async function expectMetric(url: string, sample: string, expected: number): Promise<void> {
  await expect.poll(() => metricValue(url, sample), { timeout: WAIT_MS, interval: 25 }).toBe(expected);
}

/** `peer_links` of one path, over all its routes. */
const pairsOn = (url: string, path: "webrtc" | "relay" | "none"): Promise<number> =>
  metricSum(url, `peer_links{path="${path}",`);

describe("GET /metrics", () => {
  it("counts relayed messages per channel, and not refused ones", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const delivered = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "x" });
    await delivered;
    await request(ada.client, "relay:send", { to: null, channel: "state", data: "y" });
    await request(ada.client, "relay:send", { to: "nobody", channel: "state", data: "z" });

    expect(await metricValue(server.url, 'relay_messages_total{channel="event"}')).toBe(1);
    expect(await metricValue(server.url, 'relay_messages_total{channel="state"}')).toBe(1);
  });

  it("counts connected clients up and down in network_connections_active", async () => {
    const server = await startTestServer();
    expect(await metricValue(server.url, "network_connections_active")).toBe(0);
    const first = await server.connect();
    const second = await server.connect();
    await expectMetric(server.url, "network_connections_active", 2);
    first.disconnect();
    await expectMetric(server.url, "network_connections_active", 1);
    second.disconnect();
    await expectMetric(server.url, "network_connections_active", 0);
  });

  it("counts rooms, and members connected or held for resume", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "60000" });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    await connectMember(server);
    expect(await metricValue(server.url, "rooms_active")).toBe(2);
    expect(await metricValue(server.url, 'room_members{state="connected"}')).toBe(3);

    bob.client.disconnect();
    await expectMetric(server.url, 'room_members{state="held"}', 1);
    expect(await metricValue(server.url, 'room_members{state="connected"}')).toBe(2);

    await request(ada.client, "room:leave");
    expect(await metricValue(server.url, 'room_members{state="connected"}')).toBe(1);
    expect(await metricValue(server.url, "rooms_active")).toBe(2);
  });

  it("adds the relayed payload bytes to network_bytes_sent once per recipient", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);

    const toBob = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: new Uint8Array(100) });
    await toBob;
    expect(await metricValue(server.url, 'network_bytes_sent{channel="event"}')).toBe(100);

    const toAll = [nextEvent(bob.client, "relay:message"), nextEvent(cat.client, "relay:message")];
    await request(ada.client, "relay:send", { to: null, channel: "state", data: new Uint8Array(40) });
    await Promise.all(toAll);
    expect(await metricValue(server.url, 'network_bytes_sent{channel="state"}')).toBe(80);

    // Refused relays send nothing.
    await request(ada.client, "relay:send", { to: "nobody", channel: "event", data: new Uint8Array(100) });
    expect(await metricValue(server.url, 'network_bytes_sent{channel="event"}')).toBe(100);
  });

  it("times each relayed message in the server, and each client's heartbeat round trip", async () => {
    const server = await startTestServer({ HEARTBEAT_INTERVAL_MS: "200" });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    for (let n = 0; n < 3; n++) await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "x" });
    await request(ada.client, "relay:send", { to: "nobody", channel: "event", data: "x" });
    expect(await metricValue(server.url, 'network_latency_ms_count{kind="relay-server"}')).toBe(3);
    // Every observation of a local relay fits in the largest bucket; the sum is their total in milliseconds.
    expect(await metricValue(server.url, 'network_latency_ms_bucket{le="5000",kind="relay-server"}')).toBe(3);
    expect(await metricValue(server.url, 'network_latency_ms_sum{kind="relay-server"}')).toBeGreaterThan(0);

    // Two clients, a ping each every 200 ms: a handful of round trips within a second.
    await expect
      .poll(() => metricValue(server.url, 'network_latency_ms_count{kind="socket-rtt"}'), { timeout: WAIT_MS })
      .toBeGreaterThanOrEqual(4);
  });
});

describe("peer_links from the members' links:report", () => {
  it("counts each pair once when both ends report it, and half when one end goes", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);

    // ada-bob on WebRTC, ada-cat and bob-cat on the relay, as each end sees its own links.
    expect(await request(ada.client, "links:report", { webrtc: 1, relay: 1, none: 0 })).toEqual({
      ok: true,
      data: null,
    });
    await request(bob.client, "links:report", { webrtc: 1, relay: 1, none: 0 });
    await request(cat.client, "links:report", { webrtc: 0, relay: 2, none: 0 });
    expect(await pairsOn(server.url, "webrtc")).toBe(1);
    expect(await pairsOn(server.url, "relay")).toBe(2);
    expect(await pairsOn(server.url, "none")).toBe(0);

    // A newer report replaces the older one.
    await request(cat.client, "links:report", { webrtc: 0, relay: 0, none: 2 });
    expect(await pairsOn(server.url, "relay")).toBe(1);
    expect(await pairsOn(server.url, "none")).toBe(1);

    // Leaving the room takes the member's report with it; so does disconnecting.
    await request(cat.client, "room:leave");
    expect(await pairsOn(server.url, "none")).toBe(0);
    bob.client.disconnect();
    await expectMetric(server.url, 'peer_links{path="webrtc",route="unknown"}', 0.5);
  });

  it("counts pairs by route and by why they are off WebRTC, from reports with and without the breakdowns", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);
    const dan = await connectMember(server, ada.code);

    // ada-bob through ada's TURN server over TLS, ada-cat direct, ada-dan relayed (dan's TURN server refused it),
    // bob-cat relayed (SIGNALING_ONLY at bob), bob-dan and cat-dan: dan is a client from before routes and reasons.
    const reports = [
      [ada, { webrtc: 2, relay: 1, none: 0, routes: { "turn-tls": 1, direct: 1 }, reasons: { "turn-refused": 1 } }],
      [bob, { webrtc: 1, relay: 2, none: 0, routes: { turn: 1 }, reasons: { "signaling-only": 2 } }],
      [cat, { webrtc: 1, relay: 2, none: 0, routes: { direct: 1 }, reasons: { "signaling-only": 1, timeout: 1 } }],
      [dan, { webrtc: 0, relay: 3, none: 0 }],
    ] as const;
    for (const [member, report] of reports) {
      expect(await request(member.client, "links:report", report)).toEqual({ ok: true, data: null });
    }
    const expected = {
      'peer_links{path="webrtc",route="direct"}': 1,
      'peer_links{path="webrtc",route="turn-tls"}': 0.5,
      'peer_links{path="webrtc",route="turn"}': 0.5,
      'peer_links{path="webrtc",route="turn-udp"}': 0,
      'peer_links{path="relay",route="relay"}': 4,
      'peer_links_off_webrtc{reason="signaling-only"}': 1.5,
      'peer_links_off_webrtc{reason="turn-refused"}': 0.5,
      'peer_links_off_webrtc{reason="timeout"}': 0.5,
      'peer_links_off_webrtc{reason="unknown"}': 1.5,
    };
    const actual: Record<string, number> = {};
    for (const sample of Object.keys(expected)) actual[sample] = await metricValue(server.url, sample);
    expect(actual).toEqual(expected);
    // The share of pairs that need TURN or the relay, as docs/server.md's PromQL computes it.
    const needTurnOrRelay =
      (await metricSum(server.url, 'peer_links{path="webrtc",route="turn')) + (await pairsOn(server.url, "relay"));
    expect(needTurnOrRelay / (await metricSum(server.url, "peer_links{"))).toBe(5 / 6);
  });

  it("refuses breakdowns that do not add up, and keeps the member's last valid report", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    await request(ada.client, "links:report", { webrtc: 1, relay: 0, none: 0, routes: { direct: 1 } });
    expect(
      await requestUnchecked(ada.client, "links:report", { webrtc: 1, relay: 0, none: 0, routes: { direct: 2 } }),
    ).toEqual(refusal(ErrorCode.InvalidPayload, "routes count more links than are on webrtc"));
    expect(
      await requestUnchecked(ada.client, "links:report", { webrtc: 1, relay: 0, none: 0, reasons: { timeout: 1 } }),
    ).toEqual(refusal(ErrorCode.InvalidPayload, "reasons count more links than are off webrtc"));
    expect(await metricValue(server.url, 'peer_links{path="webrtc",route="direct"}')).toBe(0.5);
    expect(await metricValue(server.url, 'peer_links_off_webrtc{reason="timeout"}')).toBe(0);
  });

  it("refuses invalid reports and reports from outside a room, and leaves the gauge alone", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    await request(ada.client, "links:report", { webrtc: 1, relay: 0, none: 0 });

    expect(await requestUnchecked(ada.client, "links:report", { webrtc: -1, relay: 0, none: 0 })).toEqual(
      refusal(ErrorCode.InvalidPayload),
    );
    expect(await requestUnchecked(ada.client, "links:report", { webrtc: 1.5, relay: 0, none: 0 })).toEqual(
      refusal(ErrorCode.InvalidPayload),
    );
    expect(await requestUnchecked(ada.client, "links:report", { webrtc: 64, relay: 32, none: 0 })).toEqual(
      refusal(ErrorCode.InvalidPayload, "at most 95 peer links"),
    );
    expect(await requestUnchecked(ada.client, "links:report", "webrtc")).toEqual(refusal(ErrorCode.InvalidPayload));
    expect(await metricValue(server.url, 'invalid_messages_total{reason="invalid-payload"}')).toBe(4);

    const lobby = await server.connect();
    expect(await request(lobby, "links:report", { webrtc: 5, relay: 0, none: 0 })).toEqual(
      refusal(ErrorCode.NotInRoom),
    );
    expect(await pairsOn(server.url, "webrtc")).toBe(0.5);
  });

  it("rate-limits reports per socket", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const report = { webrtc: 0, relay: 0, none: 0 };
    for (let n = 0; n < 20; n++) expect((await request(ada.client, "links:report", report)).ok).toBe(true);
    expect(await request(ada.client, "links:report", report)).toEqual(refusal(ErrorCode.RateLimited));
    expect(await metricValue(server.url, 'rate_limited_total{limit="link-report"}')).toBe(1);
  });
});
