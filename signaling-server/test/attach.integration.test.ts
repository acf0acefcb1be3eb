import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { WebSocket, WebSocketServer } from "ws";
import { PROTOCOL_VERSION, ServerPaths } from "@rallypoint/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { attachRallypoint, createRallypointServer, type Rallypoint } from "../src/index.js";
import { loadConfig } from "../src/config.js";
import { upgradeOutcome } from "./support/peer-socket.js";
import {
  closeAll,
  connectClient,
  createRoom,
  joinRoom,
  nextEvent,
  onCleanup,
  withTimeout,
} from "./support/test-server.js";

afterEach(closeAll);

/** A game's own server, as a developer already has it: an Express route and a websocket of its own on /game. */
async function gameServer(): Promise<{ httpServer: HttpServer; url: string; rallypoint: Rallypoint }> {
  const app = express();
  const httpServer = createServer(app);
  const rallypoint = attachRallypoint(httpServer, { logLevel: "silent" });
  app.use(rallypoint.router);
  app.get("/api/hello", (_request, response) => void response.json({ hello: "world" }));
  const gameSockets = new WebSocketServer({ noServer: true });
  gameSockets.on("connection", (socket) =>
    socket.on("message", (data: Buffer) => socket.send(`echo ${data.toString()}`)),
  );
  httpServer.on("upgrade", (request, socket, head) => {
    if (request.url !== "/game") return;
    gameSockets.handleUpgrade(request, socket, head, (webSocket) => gameSockets.emit("connection", webSocket, request));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  onCleanup(async () => {
    await rallypoint.close({ timeoutMs: 1000 });
    gameSockets.close();
    httpServer.closeAllConnections();
    await new Promise((resolve) => httpServer.close(resolve));
  });
  const { port } = httpServer.address() as AddressInfo;
  return { httpServer, url: `http://127.0.0.1:${port}`, rallypoint };
}

function echo(url: string, text: string): Promise<string> {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/game`);
  onCleanup(() => socket.terminate());
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once("open", () => socket.send(text));
      socket.once("message", (data: Buffer) => resolve(data.toString()));
      socket.once("error", reject);
    }),
    "echo over the game's own websocket",
  );
}

describe("attachRallypoint on a game's own server", () => {
  it("serves rooms, PeerJS and its routes beside the game's own route and websocket", async () => {
    const { url } = await gameServer();

    const ada = await connectClient(url);
    const room = await createRoom(ada);
    const bo = await connectClient(url);
    const joined = nextEvent(ada, "peer:joined");
    await joinRoom(bo, room.code);

    expect((await joined).id).not.toBe(room.selfId);
    expect(await upgradeOutcome(url, room.selfId, room.peerToken)).toBe("open");
    expect(await echo(url, "ping")).toBe("echo ping");
    expect(await (await fetch(`${url}/api/hello`)).json()).toEqual({ hello: "world" });
    expect(await (await fetch(`${url}${ServerPaths.health}`)).json()).toMatchObject({
      status: "ok",
      rooms: 1,
      protocolVersion: PROTOCOL_VERSION,
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain("rooms_active 1");
  });

  it("close() tells clients to come back and ends Rallypoint, but leaves the game's server running", async () => {
    const { url, rallypoint } = await gameServer();
    const ada = await connectClient(url);
    await createRoom(ada);
    const shutdown = nextEvent(ada, "server:shutdown");

    await rallypoint.close({ retryAfterMs: 1234, timeoutMs: 1000 });

    expect(await shutdown).toEqual({ retryAfterMs: 1234 });
    await expect.poll(() => ada.connected).toBe(false);
    expect((await fetch(`${url}/api/hello`)).status).toBe(200);
    expect(await echo(url, "still here")).toBe("echo still here");
  });

  it("refuses bad options at once, naming each (and the environment variable when read from there)", () => {
    const httpServer = createServer();
    expect(() => attachRallypoint(httpServer, { roomCapacity: 1 })).toThrow(/roomCapacity: .*>=2/);
    expect(() => attachRallypoint(httpServer, { turnSecret: "s" })).toThrow(/turnSecret, .* need turnUrls/);
    expect(() => attachRallypoint(httpServer, { relayStateBatch: 500 })).toThrow(/relayStateBatch/);
    expect(() => loadConfig({ ROOM_CAPACITY: "1" })).toThrow(/ROOM_CAPACITY/);
    expect(() => loadConfig({ TURN_SECRET: "s" })).toThrow(
      /TURN_SECRET, TURN_USERNAME and TURN_CREDENTIAL need TURN_URLS/,
    );
  });
});

describe("createRallypointServer", () => {
  it("listens on a free port and serves a game's build from staticDir at /", async () => {
    const staticDir = await mkdtemp(join(tmpdir(), "rallypoint-static-"));
    onCleanup(() => rm(staticDir, { recursive: true, force: true }));
    await writeFile(join(staticDir, "index.html"), "<!doctype html><title>my game</title>");
    const server = createRallypointServer({ port: 0, host: "127.0.0.1", logLevel: "silent", staticDir });
    const { port } = await server.listen();
    onCleanup(() => server.close({ timeoutMs: 1000 }));
    const url = `http://127.0.0.1:${port}`;

    expect(await (await fetch(`${url}/`)).text()).toContain("my game");
    expect((await fetch(`${url}${ServerPaths.health}`)).status).toBe(200);
    expect((await createRoom(await connectClient(url))).members).toHaveLength(1);
  });
});
