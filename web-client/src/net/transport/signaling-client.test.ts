import type { Socket } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, Limits, ackOk, encodeRelayBatch, type RoomJoined, type WireError } from "@rallypoint/protocol";
import { SignalingClient } from "./signaling-client.js";
import type { SignalingEvents } from "./signaling-types.js";
import { startScriptedServer } from "../testing/scripted-server.js";

// What the client does when the server has its last word (`server:error`) and closes the connection.

const WAIT_MS = 3000;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const joined: RoomJoined = {
  code: "ABCDEF",
  selfId: "ada",
  hostId: "ada",
  members: [{ id: "ada", name: "Ada", joinedAt: 0 }],
  iceServers: [],
  iceServersTtlMs: null,
  resumeToken: "resume-token-0123456789",
  resumeGraceMs: 5000,
  peerToken: "peer-token",
};

function startServer(onConnection: (socket: Socket) => void): Promise<string> {
  return startScriptedServer(onConnection, (close) => cleanups.push(close));
}

/** What the server's event guard does, a moment after the client is seated. */
function dropLater(socket: Socket, error: WireError): void {
  setTimeout(() => {
    socket.emit("server:error", error);
    socket.disconnect(true);
  }, 50);
}

function clientOf(serverUrl: string): SignalingClient {
  const client = new SignalingClient({ serverUrl, reconnect: { initialDelayMs: 50 } });
  cleanups.push(() => client.close());
  return client;
}

function next<K extends keyof SignalingEvents>(client: SignalingClient, event: K): Promise<SignalingEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${WAIT_MS} ms`)), WAIT_MS);
    const off = client.on(event, (value) => {
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

describe("SignalingClient when the server drops the connection with a reason", () => {
  it("resumes its seat after `slow-consumer`, as after any drop", async () => {
    let connections = 0;
    const resumes: unknown[] = [];
    const url = await startServer((socket) => {
      connections++;
      socket.on("room:create", (_request, ack: (result: unknown) => void) => {
        ack(ackOk(joined));
        dropLater(socket, { code: ErrorCode.SlowConsumer, message: "Not reading fast enough" });
      });
      socket.on("room:resume", (request, ack: (result: unknown) => void) => {
        resumes.push(request);
        ack(ackOk(joined));
      });
    });
    const client = clientOf(url);
    await client.connect();
    const told = next(client, "server:error");
    const reconnecting = next(client, "reconnecting");
    const resumed = next(client, "resumed");

    await client.enter("room:create", { name: "Ada" });

    expect(await told).toEqual({ code: ErrorCode.SlowConsumer, message: "Not reading fast enough" });
    expect(await reconnecting).toEqual({ reason: ErrorCode.SlowConsumer });
    expect((await resumed).selfId).toBe("ada");
    expect(connections).toBe(2);
    expect(resumes).toEqual([expect.objectContaining({ memberId: "ada", resumeToken: joined.resumeToken })]);
  });

  it("ends the session after `too-many-invalid-messages`", async () => {
    const url = await startServer((socket) => {
      socket.on("room:create", (_request, ack: (result: unknown) => void) => {
        ack(ackOk(joined));
        dropLater(socket, { code: ErrorCode.TooManyInvalidMessages, message: "Too many invalid messages" });
      });
    });
    const client = clientOf(url);
    await client.connect();
    const disconnected = next(client, "disconnected");
    let reconnected = false;
    client.on("reconnecting", () => (reconnected = true));

    await client.enter("room:create", { name: "Ada" });

    expect(await disconnected).toBe("server-disconnect");
    expect(reconnected).toBe(false);
  });
});

describe("SignalingClient connections", () => {
  it("gives each client its own connection, also to the same server from the same page", async () => {
    const connected: string[] = [];
    const url = await startServer((socket) => connected.push(socket.id));

    await Promise.all([clientOf(url).connect(), clientOf(url).connect()]);

    expect(new Set(connected).size).toBe(2);
  });
});

describe("SignalingClient relay batches", () => {
  it("emits each message of a batch from another member as a relay:message, in order, and drops bad batches", async () => {
    const oversize = Array.from({ length: Limits.maxRelayBatchMessages + 1 }, () => ({
      from: "bob",
      data: new Uint8Array([0]),
    }));
    const url = await startServer((socket) => {
      socket.on("room:create", (_request, ack: (result: unknown) => void) => ack(ackOk(joined)));
      // The member's own state can only be in a batch once it has sent some.
      socket.on("relay:send", () => {
        socket.emit("relay:batch", Buffer.from([0xc1, 0x00]));
        socket.emit("relay:batch", Buffer.from(encodeRelayBatch(oversize)));
        socket.emit(
          "relay:batch",
          Buffer.from(
            encodeRelayBatch([
              { from: "bob", data: new Uint8Array([1]) },
              // A batch to the room carries the recipient's own state too.
              { from: "ada", data: new Uint8Array([2]) },
              { from: "cat", data: new Uint8Array([3]) },
              { from: "bob", data: new Uint8Array([4]) },
            ]),
          ),
        );
        socket.emit("relay:message", { from: "bob", channel: "event", data: "done" });
      });
    });
    const client = clientOf(url);
    await client.connect();
    const received: SignalingEvents["relay:message"][] = [];
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no end marker within ${WAIT_MS} ms`)), WAIT_MS);
      client.on("relay:message", (message) => {
        if (message.channel === "event") {
          clearTimeout(timer);
          resolve();
        } else {
          received.push(message);
        }
      });
    });

    await client.enter("room:create", { name: "Ada" });
    client.relay(null, "state", new Uint8Array([2]));
    await done;

    expect(received.map(({ from, channel, data }) => [from, channel, [...(data as Uint8Array)]])).toEqual([
      ["bob", "state", [1]],
      ["cat", "state", [3]],
      ["bob", "state", [4]],
    ]);
  });
});
