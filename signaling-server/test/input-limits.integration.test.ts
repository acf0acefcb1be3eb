import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, Limits, PROTOCOL_VERSION } from "@rallypoint/protocol";
import { metricValue } from "./support/metric-value.js";
import {
  closeAll,
  connectMember,
  createRoom,
  nextEvent,
  refusal,
  request,
  requestUnchecked,
  startTestServer,
  withTimeout,
  type TestClient,
} from "./support/test-server.js";

afterEach(closeAll);

function disconnected(client: TestClient): Promise<string> {
  return withTimeout(new Promise((resolve) => client.once("disconnect", resolve)), "waiting for the disconnect");
}

describe("invalid messages", () => {
  it("answers invalid-payload to an unknown event, with or without a payload", async () => {
    const server = await startTestServer();
    const client = await server.connect();

    expect(await requestUnchecked(client, "room:destroy", { code: "K7MQ2X" })).toEqual(
      refusal(ErrorCode.InvalidPayload, "Unknown event"),
    );
    expect(await requestUnchecked(client, "error")).toEqual(refusal(ErrorCode.InvalidPayload, "Unknown event"));
    expect(await metricValue(server.url, 'invalid_messages_total{reason="unknown-event"}')).toBe(2);
    expect(client.connected).toBe(true);
  });

  it("counts invalid payloads, and drops a socket that keeps sending garbage with a server:error saying why", async () => {
    const server = await startTestServer({ MAX_INVALID_MESSAGES: "5" });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const flooder = await server.connect();

    for (const payload of [null, { to: null }, "state"]) await requestUnchecked(flooder, "relay:send", payload);
    expect(await metricValue(server.url, 'invalid_messages_total{reason="invalid-payload"}')).toBe(3);
    expect(flooder.connected).toBe(true);

    const reason = nextEvent(flooder, "server:error");
    const gone = disconnected(flooder);
    // Fire-and-forget garbage counts as well as garbage that waits for its answer.
    for (let n = 0; n < 10; n++) (flooder as unknown as { emit(event: string, payload: unknown): void }).emit("x", n);

    expect(await reason).toEqual({ code: ErrorCode.TooManyInvalidMessages, message: expect.any(String) as string });
    expect(await gone).toBe("io server disconnect");
    expect(await metricValue(server.url, 'sockets_dropped_total{reason="too-many-invalid-messages"}')).toBe(1);
    // The room next door never noticed.
    const delivered = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "still fine" });
    expect(await delivered).toMatchObject({ from: ada.id, data: "still fine" });
  });
});

describe("size limits", () => {
  it("refuses relay data over the limit with payload-too-large, and relays data at the limit", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const tooLarge = new Uint8Array(Limits.maxRelayPayloadBytes + 1);
    expect(await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: tooLarge })).toEqual(
      refusal(ErrorCode.PayloadTooLarge),
    );
    const nested = { data: { text: "x".repeat(Limits.maxRelayPayloadBytes) } };
    expect(await requestUnchecked(ada.client, "relay:send", { to: null, channel: "event", ...nested })).toEqual(
      refusal(ErrorCode.PayloadTooLarge),
    );

    const delivered = nextEvent(bob.client, "relay:message");
    const atLimit = new Uint8Array(Limits.maxRelayPayloadBytes).fill(7);
    expect(await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: atLimit })).toEqual({
      ok: true,
      data: null,
    });
    expect(((await delivered).data as Buffer).byteLength).toBe(Limits.maxRelayPayloadBytes);
  });

  it("honours a lower MAX_RELAY_PAYLOAD_BYTES, and refuses payloads nested too deep to walk", async () => {
    const server = await startTestServer({ MAX_RELAY_PAYLOAD_BYTES: "100" });
    const ada = await connectMember(server);

    const send = (data: unknown) => requestUnchecked(ada.client, "relay:send", { to: null, channel: "event", data });
    expect(await send("x".repeat(101))).toEqual(refusal(ErrorCode.PayloadTooLarge));
    let deep: unknown = 1;
    for (let n = 0; n < 40; n++) deep = [deep];
    expect(await send(deep)).toEqual(refusal(ErrorCode.PayloadTooLarge));
    expect(await send("x".repeat(90))).toEqual({ ok: true, data: null });
  });

  it("refuses other events over MAX_EVENT_PAYLOAD_BYTES with payload-too-large", async () => {
    const server = await startTestServer();
    const client = await server.connect();

    const result = await requestUnchecked(client, "room:create", {
      protocolVersion: PROTOCOL_VERSION,
      pad: "x".repeat(5000),
    });

    expect(result).toEqual(refusal(ErrorCode.PayloadTooLarge));
    expect(await metricValue(server.url, 'invalid_messages_total{reason="payload-too-large"}')).toBe(1);
  });

  it("closes the connection of a websocket message over MAX_MESSAGE_BYTES", async () => {
    const server = await startTestServer({ MAX_MESSAGE_BYTES: "2048" });
    const client = await server.connect();

    const gone = disconnected(client);
    client.emit("time:sync", { t0: 1, pad: "x".repeat(4096) } as { t0: number }, () => undefined);

    expect(await gone).toBe("transport close");
  });
});

describe("rooms per IP", () => {
  it("refuses a room past MAX_ROOMS_PER_IP live rooms, and allows one again once a room is gone", async () => {
    const server = await startTestServer({ MAX_ROOMS_PER_IP: "2" });
    await createRoom(await server.connect());
    const second = await server.connect();
    await createRoom(second);

    const third = await server.connect();
    const refused = await request(third, "room:create", { protocolVersion: PROTOCOL_VERSION });
    expect(refused).toEqual(refusal(ErrorCode.RateLimited, "rooms-per-ip"));

    await request(second, "room:leave");
    expect((await request(third, "room:create", { protocolVersion: PROTOCOL_VERSION })).ok).toBe(true);
  });
});
