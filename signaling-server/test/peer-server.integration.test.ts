import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ServerPaths } from "@rallypoint/shared";
import { closeAll, createRoom, onCleanup, startTestServer, withTimeout } from "./support/test-server.js";

afterEach(closeAll);

/** A raw websocket to the server, terminated after the test. Errors are expected here, so they are swallowed. */
function openWebSocket(url: string): WebSocket {
  const socket = new WebSocket(url);
  socket.on("error", () => undefined);
  onCleanup(() => socket.terminate());
  return socket;
}

/** Connects the way the PeerJS browser client does, on the server's PeerJS mount. */
function openPeerSocket(port: number, id = randomUUID()): WebSocket {
  return openWebSocket(`ws://127.0.0.1:${port}${ServerPaths.peerjs}/peerjs?key=peerjs&id=${id}&token=T`);
}

function firstMessage(socket: WebSocket): Promise<unknown> {
  const received = new Promise<unknown>((resolve) => {
    socket.once("message", (data: Buffer) => resolve(JSON.parse(data.toString())));
  });
  return withTimeout(received, "waiting for a PeerJS message");
}

/** Resolves with whether the socket ever opened, once it has closed. */
function openedBeforeClosing(socket: WebSocket, ms: number): Promise<boolean> {
  let opened = false;
  socket.once("open", () => (opened = true));
  const closed = new Promise<boolean>((resolve) => socket.once("close", () => resolve(opened)));
  return withTimeout(closed, "waiting for the server to refuse the upgrade", ms);
}

describe("PeerJS and Socket.IO on one port", () => {
  it("opens a PeerJS socket while a Socket.IO websocket client is connected", async () => {
    const server = await startTestServer();
    const client = await server.connect();
    expect(client.io.engine.transport.name).toBe("websocket");

    const opened = await firstMessage(openPeerSocket(server.port));

    expect(opened).toEqual({ type: "OPEN" });
    expect(client.connected).toBe(true);
    expect((await createRoom(client)).members).toHaveLength(1);
  });

  it("refuses an upgrade on an unrelated path without disturbing the others", async () => {
    const server = await startTestServer();
    const stray = openWebSocket(`ws://127.0.0.1:${server.port}/not-a-socket`);
    // Socket.IO's engine gives unclaimed upgrades a grace period (1 s by default) before ending them.
    const strayOutcome = openedBeforeClosing(stray, 5_000);

    const client = await server.connect();
    const opened = await firstMessage(openPeerSocket(server.port));

    expect(opened).toEqual({ type: "OPEN" });
    expect((await createRoom(client)).members).toHaveLength(1);
    expect(await strayOutcome).toBe(false);
    expect(client.connected).toBe(true);
    expect((await createRoom(await server.connect())).members).toHaveLength(1);
  });
});
