import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { Server } from "socket.io";
import { ackError, ackOk, ErrorCode, socketIoParser, type RoomJoined } from "@rallypoint/protocol";
import { NetworkError } from "../network-error.js";
import { connectRetryDelayMs } from "./connection-policy.js";
import { SignalingClient } from "./signaling-client.js";
import { startFlakyFront } from "../testing/flaky-front.js";
import { startScriptedServer } from "../testing/scripted-server.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const joined: RoomJoined = {
  code: "ABCDEF",
  selfId: "ABCDEF_ada",
  hostId: "ABCDEF_ada",
  members: [{ id: "ABCDEF_ada", name: "Ada", joinedAt: 0 }],
  iceServers: [],
  iceServersTtlMs: null,
  resumeToken: "resume-token-0123456789",
  resumeGraceMs: 5000,
  peerToken: "peer-token",
};

function clientOf(serverUrl: string): SignalingClient {
  const client = new SignalingClient({ serverUrl, ackTimeoutMs: 2000, reconnect: { initialDelayMs: 50 } });
  cleanups.push(() => client.close());
  return client;
}

async function roomServer(onResume: (ack: (result: unknown) => void) => void): Promise<{ url: string; port: number }> {
  const url = await startScriptedServer(
    (socket) => {
      socket.on("room:create", (_request: unknown, ack: (result: unknown) => void) => ack(ackOk(joined)));
      socket.on("room:resume", (_request: unknown, ack: (result: unknown) => void) => onResume(ack));
    },
    (close) => cleanups.push(close),
  );
  return { url, port: Number(new URL(url).port) };
}

describe("the first connection", () => {
  it("waits 100 ms after the first failed attempt, doubling, at most 5 s", () => {
    expect([1, 2, 3, 7, 8].map(connectRetryDelayMs)).toEqual([100, 200, 400, 5000, 5000]);
  });

  it("is tried again after a reset, and connects", async () => {
    const { port } = await roomServer(() => undefined);
    const front = await startFlakyFront(port, 1, (close) => cleanups.push(close));
    const client = clientOf(front.url);

    await client.connect();

    expect(client.isConnected).toBe(true);
    expect(front.connections()).toBe(2);
  });

  it("gives up with server-unreachable after three attempts", async () => {
    const { port } = await roomServer(() => undefined);
    const front = await startFlakyFront(port, Number.POSITIVE_INFINITY, (close) => cleanups.push(close));
    const client = clientOf(front.url);

    const failure = await client.connect().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).code).toBe("server-unreachable");
    expect(front.connections()).toBe(3);
  });

  it("gives up as soon as every attempt is closed before Socket.IO's handshake, not after the timeouts", async () => {
    const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise((resolve) => server.once("listening", resolve));
    let attempts = 0;
    server.on("connection", (socket) => {
      attempts++;
      socket.close();
    });
    // Far longer than the test may run: only a failure seen at once can make connect() reject in time.
    const client = new SignalingClient({
      serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      ackTimeoutMs: 60_000,
    });
    cleanups.push(() => client.close());

    const failure = await client.connect().catch((error: unknown) => error);

    expect((failure as NetworkError).code).toBe("server-unreachable");
    expect(attempts).toBe(3);
  });
});

describe("a server's refusal of the connection", () => {
  it("is reported with its code, and not asked again", async () => {
    const httpServer = createServer();
    const io = new Server(httpServer, { transports: ["websocket"], parser: socketIoParser });
    cleanups.push(() => new Promise((resolve) => void io.close(resolve)));
    let attempts = 0;
    io.use((_socket, next) => {
      attempts++;
      // Asynchronous, as the real authenticate hook is.
      setTimeout(() => next(Object.assign(new Error("no"), { data: { code: "unauthorized", message: "No" } })), 10);
    });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const client = clientOf(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);

    const failure = await client.connect().catch((error: unknown) => error);

    expect((failure as NetworkError).code).toBe("unauthorized");
    expect(attempts).toBe(1);
  });
});

describe("a resume refused for the protocol version", () => {
  it("ends the session with incompatible-version, not seat-expired", async () => {
    const { port } = await roomServer((ack) => ack(ackError(ErrorCode.IncompatibleVersion, "server speaks 3")));
    // The second connection (the resume after the drop) goes through; the drop is the first one being cut.
    const front = await startFlakyFront(port, 0, (close) => cleanups.push(close));
    const client = clientOf(front.url);
    await client.connect();
    await client.enter("room:create", { name: "Ada" });
    const ended = new Promise((resolve) => client.on("disconnected", resolve));

    front.cut();

    await expect(ended).resolves.toBe("incompatible-version");
  });
});

describe("a server that shuts down with a retry-after", () => {
  it("is not asked again before retryAfterMs, and the seat is resumed after it", async () => {
    const connectedAt: number[] = [];
    let droppedAt = 0;
    const url = await startScriptedServer(
      (socket) => {
        connectedAt.push(performance.now());
        socket.on("room:create", (_request: unknown, ack: (result: unknown) => void) => {
          ack(ackOk(joined));
          setTimeout(() => {
            socket.emit("server:shutdown", { retryAfterMs: 400 });
            droppedAt = performance.now();
            socket.conn.close();
          }, 20);
        });
        socket.on("room:resume", (_request: unknown, ack: (result: unknown) => void) => ack(ackOk(joined)));
      },
      (close) => cleanups.push(close),
    );
    const client = clientOf(url);
    await client.connect();
    const resumed = new Promise((resolve) => client.on("resumed", resolve));

    await client.enter("room:create", { name: "Ada" });

    await expect(resumed).resolves.toMatchObject({ selfId: joined.selfId });
    expect(connectedAt).toHaveLength(2);
    expect((connectedAt[1] ?? 0) - droppedAt).toBeGreaterThanOrEqual(400);
  });
});
