import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, generateRoomCode, PROTOCOL_VERSION } from "@rallypoint/protocol";
import { metricValue } from "./support/metric-value.js";
import {
  closeAll,
  connectMember,
  expectNoEvent,
  nextEvent,
  refusal,
  request,
  startTestServer,
} from "./support/test-server.js";

afterEach(closeAll);

const join = (code: string) => ({ code, protocolVersion: PROTOCOL_VERSION });

describe("join attempts per IP", () => {
  it("answers rate-limited past JOIN_ATTEMPTS_PER_MINUTE, from any socket of the same IP", async () => {
    const server = await startTestServer({ JOIN_ATTEMPTS_PER_MINUTE: "3" });
    const host = await connectMember(server);

    for (let n = 0; n < 3; n++) {
      expect(await request(await server.connect(), "room:join", join(generateRoomCode()))).toEqual(
        refusal(ErrorCode.RoomNotFound),
      );
    }
    const refused = await request(await server.connect(), "room:join", join(host.code));

    expect(refused).toEqual(refusal(ErrorCode.RateLimited, "retry in"));
    expect(await metricValue(server.url, 'rate_limited_total{limit="join"}')).toBe(1);
  });

  it("refuses every join, even with the right code, once FAILED_JOINS_PER_DAY guesses have missed", async () => {
    const server = await startTestServer({ FAILED_JOINS_PER_DAY: "2" });
    const host = await connectMember(server);
    const guesser = await server.connect();

    for (let n = 0; n < 2; n++) await request(guesser, "room:join", join(generateRoomCode()));
    const refused = await request(guesser, "room:join", join(host.code));

    expect(refused).toEqual(refusal(ErrorCode.RateLimited, "failed-join"));
  });

  it("answers rate-limited past ROOM_CREATES_PER_MINUTE", async () => {
    const server = await startTestServer({ ROOM_CREATES_PER_MINUTE: "2" });
    for (let n = 0; n < 2; n++) await connectMember(server);

    const refused = await request(await server.connect(), "room:create", { protocolVersion: PROTOCOL_VERSION });

    expect(refused).toEqual(refusal(ErrorCode.RateLimited, "room-create"));
  });
});

describe("lobby changes per socket", () => {
  it("refuses a spammed ready toggle past 60 changes in 10 s with rate-limited; the room hears no more", async () => {
    const server = await startTestServer();
    const spammer = await connectMember(server);
    const other = await connectMember(server, spammer.code);
    let heard = 0;
    other.client.on("member:properties", ({ id }) => (heard += id === spammer.id ? 1 : 0));

    const toggles = await Promise.all(
      Array.from({ length: 70 }, (_, n) =>
        request(spammer.client, "member:set-properties", { properties: { ready: n % 2 === 0 } }),
      ),
    );

    expect(toggles.filter((result) => result.ok)).toHaveLength(60);
    expect(toggles.at(-1)).toEqual(refusal(ErrorCode.RateLimited, "lobby-change"));
    // Room properties and host controls draw on the same budget; the other member's is its own.
    expect(await request(spammer.client, "room:configure", { locked: true })).toEqual(refusal(ErrorCode.RateLimited));
    expect(await request(other.client, "member:set-properties", { properties: { ready: true } })).toEqual({
      ok: true,
      data: null,
    });
    await expect.poll(() => heard).toBe(60);
    expect(await metricValue(server.url, 'rate_limited_total{limit="lobby-change"}')).toBe(11);
  });
});

describe("relay budget per socket", () => {
  it("refuses a flood of relayed events with rate-limited while another room relays normally", async () => {
    const server = await startTestServer({ RELAY_MESSAGES_PER_SECOND: "20", RELAY_WINDOW_SECONDS: "1" });
    const flooder = await connectMember(server);
    const victim = await connectMember(server, flooder.code);
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        request(flooder.client, "relay:send", { to: victim.id, channel: "event", data: n }),
      ),
    );
    const refused = results.filter((result) => !result.ok);

    expect(results.filter((result) => result.ok)).toHaveLength(20);
    expect(refused).toHaveLength(30);
    expect(refused[0]).toEqual(refusal(ErrorCode.RateLimited, "relay-messages"));
    const delivered = nextEvent(bob.client, "relay:message");
    expect(await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "fine" })).toEqual({
      ok: true,
      data: null,
    });
    expect(await delivered).toMatchObject({ from: ada.id, data: "fine" });
  });

  it("drops state past the budget silently and counts it; bytes count too", async () => {
    const server = await startTestServer({
      RELAY_MESSAGES_PER_SECOND: "5",
      RELAY_BYTES_PER_SECOND: "4000",
      RELAY_WINDOW_SECONDS: "1",
    });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    for (let n = 0; n < 10; n++) ada.client.emit("relay:send", { to: bob.id, channel: "state", data: n });
    // Ordered behind the states: once this is answered, every state has been handled.
    const answer = await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "x" });

    expect(answer).toEqual(refusal(ErrorCode.RateLimited));
    expect(await metricValue(server.url, 'relay_dropped_total{reason="rate-limited"}')).toBe(5);
    expect(await metricValue(server.url, 'relay_messages_total{channel="state"}')).toBe(5);

    const other = await connectMember(server);
    const third = await connectMember(server, other.code);
    const big = { to: third.id, channel: "event" as const, data: "x".repeat(3000) };
    expect((await request(other.client, "relay:send", big)).ok).toBe(true);
    expect(await request(other.client, "relay:send", big)).toEqual(refusal(ErrorCode.RateLimited, "relay-bytes"));
    await expectNoEvent(bob.client, "server:error", 50);
  });
});
