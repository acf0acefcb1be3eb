import type { Server as HttpServer } from "node:http";
import type { Express } from "express";
import { ExpressPeerServer } from "peer";
import { WebSocketServer } from "ws";
import { ServerPaths } from "@rallypoint/shared";
import type { OriginPolicy } from "../security/origin-policy.js";

/** Largest PeerJS signaling frame (SDP offers with many candidates stay well below). */
const MAX_SIGNALING_FRAME_BYTES = 64 * 1024;

/**
 * Mounts the PeerJS server on the app, sharing the HTTP server with Socket.IO.
 *
 * By default PeerJS binds its own `ws` server to the HTTP server, and that server answers HTTP 400 to every
 * upgrade on a path it does not own, which breaks Socket.IO's websocket transport. So PeerJS gets a
 * `noServer` socket server and only the upgrades on its own path are handed to it.
 */
export function mountPeerServer(app: Express, httpServer: HttpServer, origins: OriginPolicy): { close(): void } {
  let peerSockets: WebSocketServer | undefined;
  const peerServer = ExpressPeerServer(httpServer, {
    path: "/",
    allow_discovery: false,
    // CORS headers only for allowed origins; same-origin requests need none.
    corsOptions: {
      origin: (origin, callback) => callback(null, origin !== undefined && origins.allows(origin, undefined)),
    },
    createWebSocketServer: (options) => {
      peerSockets = new WebSocketServer({ noServer: true, path: options.path, maxPayload: MAX_SIGNALING_FRAME_BYTES });
      return peerSockets;
    },
  });
  app.use(ServerPaths.peerjs, peerServer);

  httpServer.on("upgrade", (request, socket, head) => {
    if (!peerSockets?.shouldHandle(request)) return;
    if (!origins.allowsRequest(request)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    const server = peerSockets;
    server.handleUpgrade(request, socket, head, (webSocket) => server.emit("connection", webSocket, request));
  });
  return {
    // Upgraded sockets keep the HTTP server from closing, so they are ended first.
    close: () => {
      for (const client of peerSockets?.clients ?? []) client.terminate();
      peerSockets?.close();
    },
  };
}
