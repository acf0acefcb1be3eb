import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorCode, PROTOCOL_VERSION } from "@rallypoint/protocol";
import { RoomRegistry } from "../src/rooms/room-registry.js";
import { tcpOf } from "./support/client-tcp.js";
import { metricValue } from "./support/metric-value.js";
import {
  closeAll,
  connectMember,
  createRoom,
  nextEvent,
  refusal,
  repeatUntil,
  request,
  startTestServer,
  withTimeout,
} from "./support/test-server.js";

afterEach(async () => {
  vi.restoreAllMocks();
  await closeAll();
});

describe("a handler that throws", () => {
  it("answers `internal`, counts it, and leaves the process and every room working", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    vi.spyOn(RoomRegistry.prototype, "create").mockImplementationOnce(() => {
      throw new Error("injected fault");
    });

    const failed = await request(await server.connect(), "room:create", { protocolVersion: PROTOCOL_VERSION });

    expect(failed).toEqual(refusal(ErrorCode.Internal));
    expect(await metricValue(server.url, 'handler_errors_total{event="room:create"}')).toBe(1);
    const relayed = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "still here" });
    expect((await relayed).data).toBe("still here");
    expect((await createRoom(await server.connect())).code).toMatch(/^[A-Z0-9]{6}$/);
  });
});

describe("a member that stops reading", () => {
  it("is disconnected as a slow consumer, and the rest of its room keeps getting relays", async () => {
    const server = await startTestServer({
      SEND_BUFFER_MAX_PACKETS: "64",
      SEND_BUFFER_MAX_BYTES: "262144",
      RELAY_BYTES_PER_SECOND: "1000000000",
      RELAY_MESSAGES_PER_SECOND: "100000",
    });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);
    const bobGone = new Promise<string>((resolve) => bob.client.once("disconnect", resolve));
    tcpOf(bob.client).pause();

    // Reliable events to everyone, 16 KiB each: far more than the loopback socket buffers hold for a reader that
    // has stopped. Cat keeps reading them.
    const data = new Uint8Array(16 * 1024);
    const catGotAfter = new Promise<void>((resolve) => {
      cat.client.on("relay:message", (message) => {
        if (message.data === "after") resolve();
      });
    });
    await repeatUntil(
      () => {
        for (let i = 0; i < 50; i++) ada.client.emit("relay:send", { to: null, channel: "event", data });
      },
      async () => (await metricValue(server.url, 'sockets_dropped_total{reason="slow-consumer"}')) > 0,
      "waiting for the server to drop the member that stopped reading",
      20_000,
    );

    // The server closed its side; once Bob reads again, his client sees the connection gone.
    tcpOf(bob.client).resume();
    expect(await withTimeout(bobGone, "waiting for Bob's client to see the disconnect", 10_000)).toBeTruthy();
    ada.client.emit("relay:send", { to: cat.id, channel: "event", data: "after" });
    await withTimeout(catGotAfter, "waiting for Cat to get a relay after Bob was dropped", 10_000);
    expect(await metricValue(server.url, 'sockets_dropped_total{reason="slow-consumer"}')).toBe(1);
  }, 40_000);
});

describe("a member that falls behind", () => {
  it.each([
    { form: "to the room", to: (): null => null },
    { form: "to a list", to: (bob: string, cat: string): string[] => [bob, cat] },
  ])(
    "skips relayed state $form (counted as recipient-busy) while members that keep up get it",
    async ({ to }) => {
      const server = await startTestServer({
        RELAY_BYTES_PER_SECOND: "1000000000",
        RELAY_MESSAGES_PER_SECOND: "100000",
      });
      const ada = await connectMember(server);
      const bob = await connectMember(server, ada.code);
      const cat = await connectMember(server, ada.code);
      tcpOf(bob.client).pause();
      const catGotState = new Promise<void>((resolve) => {
        cat.client.on("relay:message", (message) => {
          if (message.channel === "state") resolve();
        });
      });

      // Events fill Bob's queue (they are never skipped); then each state skips him.
      const data = new Uint8Array(16 * 1024);
      await repeatUntil(
        () => {
          const recipients = to(bob.id, cat.id);
          for (let i = 0; i < 50; i++) ada.client.emit("relay:send", { to: recipients, channel: "event", data });
          ada.client.emit("relay:send", { to: recipients, channel: "state", data: "latest" });
        },
        async () => (await metricValue(server.url, 'relay_dropped_total{reason="recipient-busy"}')) > 0,
        "waiting for a state to skip the member that stopped reading",
        20_000,
      );
      await withTimeout(catGotState, "waiting for Cat, who keeps reading, to get state");
      tcpOf(bob.client).resume(); // lets the server close his connection after the test
    },
    40_000,
  );
});
