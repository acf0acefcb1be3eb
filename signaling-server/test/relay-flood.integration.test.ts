import { afterEach, describe, expect, it } from "vitest";
import { metricValue } from "./support/metric-value.js";
import {
  closeAll,
  connectMember,
  nextEvent,
  request,
  startTestServer,
  type TestMember,
} from "./support/test-server.js";

afterEach(closeAll);

/**
 * The smallest budget docs/server.md promises an honest client of the library: 600 KiB/s and 600 messages/s over
 * the default 10 s window (the web client's pacer, relay-pacer.ts, sends at most 512 KiB + 10 × 512 KiB in 10 s).
 */
const HONEST_BUDGET = { RELAY_BYTES_PER_SECOND: String(600 * 1024), RELAY_MESSAGES_PER_SECOND: "600" };
/** The web client's pacer (RELAY_PACE in web-client/src/net/transport/relay-pacer.ts): its burst, then its rate. */
const PACE = { bytesPerSecond: 512 * 1024, burstBytes: 512 * 1024 };
const CHUNK_BYTES = 16 * 1024;
/** 19 MiB of the largest relay data, sent at once: three times the flooder's 6 MiB budget for the window. */
const FLOOD_MESSAGES = 1200;

/** Sends events of CHUNK_BYTES as the pacer lets them go, `count` in all; resolves with their acks. */
async function sendPaced(from: TestMember, to: TestMember, count: number): Promise<boolean[]> {
  const acks: Promise<boolean>[] = [];
  const burst = PACE.burstBytes / CHUNK_BYTES;
  for (let n = 0; n < count; n++) {
    if (n >= burst) await new Promise((resolve) => setTimeout(resolve, (CHUNK_BYTES / PACE.bytesPerSecond) * 1000));
    const data = Buffer.alloc(CHUNK_BYTES, n % 256);
    acks.push(request(from.client, "relay:send", { to: to.id, channel: "event", data }).then((ack) => ack.ok));
  }
  return Promise.all(acks);
}

/** Every relay:message `member` receives, in order. */
function received(member: TestMember): unknown[] {
  const messages: unknown[] = [];
  member.client.on("relay:message", (message) => messages.push(message.data));
  return messages;
}

describe("a flooder past its relay budget", () => {
  it("stops being read, while other rooms relay and an honest client at the pacer's rate loses nothing", async () => {
    const server = await startTestServer(HONEST_BUDGET);
    const flooder = await connectMember(server);
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const carol = await connectMember(server);
    const dave = await connectMember(server, carol.code);
    const daveGot = received(dave);

    // Fire and forget, as fast as the client library can put them out: far past the flooder's budget.
    const flood = Buffer.alloc(CHUNK_BYTES, 7);
    for (let n = 0; n < FLOOD_MESSAGES; n++)
      flooder.client.emit("relay:send", { to: null, channel: "event", data: flood });

    // Another room relays during the flood: every event arrives and is acknowledged.
    for (let n = 0; n < 20; n++) {
      const delivered = nextEvent(bob.client, "relay:message");
      expect((await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: n })).ok).toBe(true);
      expect((await delivered).data).toBe(n);
    }
    // An honest client at the pacer's rate (its burst, then paced) is never refused, and loses nothing.
    const paced = 48;
    expect(await sendPaced(carol, dave, paced)).toEqual(Array.from({ length: paced }, () => true));
    await expect.poll(() => daveGot.length).toBe(paced);
    expect(daveGot.map((data) => (data as Buffer)[0])).toEqual(Array.from({ length: paced }, (_, n) => n % 256));

    // The flooder was paused, not parsed: what the server read of its flood (relayed or refused) is its budget (6 MiB,
    // 384 of these, and what refills meanwhile) and a few TCP reads after each pause, not the 1200 messages it sent.
    expect(await metricValue(server.url, "sockets_paused_total")).toBeGreaterThanOrEqual(1);
    const relayed = await metricValue(server.url, 'relay_messages_total{channel="event"}');
    const refused = await metricValue(server.url, 'rate_limited_total{limit="relay-bytes"}');
    expect(relayed - 20 - paced + refused).toBeLessThan(FLOOD_MESSAGES / 2);
    // Paused, not cut: it is still connected.
    expect(flooder.client.connected).toBe(true);
  });
});
