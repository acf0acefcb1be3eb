import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import express, { Router, type RequestHandler } from "express";
import { ExpressPeerServer, type PeerServerEvents } from "peer";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { ServerPaths } from "@rallypoint/protocol";
import type { OriginPolicy } from "../security/origin-policy.js";

/** Largest PeerJS signaling frame (SDP offers with many candidates stay well below). */
const MAX_SIGNALING_FRAME_BYTES = 64 * 1024;
/** A socket asked to close that has not finished closing within this is cut. */
const CLOSE_GRACE_MS = 1_000;

/** Whether `token` is the secret of the current member `id`: the only PeerJS clients let in. */
export type PeerAdmission = (id: string, token: string) => Promise<boolean>;

export interface MountedPeerServer {
  /** Answers PeerJS's HTTP API (which our clients never need) with 404; mount it beside Rallypoint's routes. */
  router: Router;
  /** Closes the PeerJS socket of a member (it left the room); a no-op when it has none. */
  disconnect(id: string): void;
  /** The member's open PeerJS socket on this process, if it has one here. */
  socketOf(id: string): WebSocket | undefined;
  /** What the PeerJS server reports: `connection`, `message` (before it routes it), `disconnect`. */
  events: PeerServerEvents;
  close(): void;
}

/**
 * Runs the PeerJS server on the HTTP server, sharing it with Socket.IO, and lets in only the members the
 * room server issued an id and token to.
 *
 * By default PeerJS binds its own `ws` server to the HTTP server, and that server answers HTTP 400 to every
 * upgrade on a path it does not own, which breaks Socket.IO's websocket transport. So PeerJS gets a
 * `noServer` socket server and only the upgrades on its own path are handed to it, after the gate.
 */
export function mountPeerServer(
  httpServer: HttpServer | HttpsServer,
  origins: OriginPolicy,
  admit: PeerAdmission,
  log: Logger,
): MountedPeerServer {
  let peerSockets: WebSocketServer | undefined;
  const byId = new Map<string, WebSocket>();
  const peerServer = ExpressPeerServer(httpServer, {
    path: "/",
    allow_discovery: false,
    createWebSocketServer: (options) => {
      peerSockets = new WebSocketServer({ noServer: true, path: options.path, maxPayload: MAX_SIGNALING_FRAME_BYTES });
      return peerSockets;
    },
  });
  // PeerJS starts its socket handling when its app is mounted, and takes its websocket path from where: so it is
  // mounted on an app of its own at ServerPaths.peerjs. Its HTTP API hands out random ids and server details; our
  // clients always bring their id, so none of it is needed, and nothing about the server should be discoverable
  // there: the router answers that path with 404 and never hands a request to PeerJS.
  express().use(ServerPaths.peerjs, peerServer);
  const router = Router();
  router.use(ServerPaths.peerjs, refuseHttpApi);

  httpServer.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!peerSockets?.shouldHandle(request)) return;
    if (!origins.allowsRequest(request)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    const server = peerSockets;
    const { searchParams } = new URL(request.url ?? "", "http://peerjs");
    const id = searchParams.get("id");
    const token = searchParams.get("token");
    if (!id || !token) {
      refuseUpgrade(socket, 401, "Unauthorized");
      return;
    }
    // The token may be checked in Redis: a client that vanishes meanwhile must not crash the process.
    const onSocketError = (): void => void socket.destroy();
    socket.on("error", onSocketError);
    admit(id, token).then(
      (isAdmitted) => {
        socket.off("error", onSocketError);
        if (socket.destroyed) return;
        if (!isAdmitted) {
          refuseUpgrade(socket, 403, "Forbidden");
          return;
        }
        server.handleUpgrade(request, socket, head, (webSocket) => {
          // A member's reconnecting client replaces its old socket (PeerJS does the same with its own record).
          byId.set(id, webSocket);
          webSocket.once("close", () => {
            if (byId.get(id) === webSocket) byId.delete(id);
          });
          server.emit("connection", webSocket, request);
        });
      },
      (error: unknown) => {
        socket.off("error", onSocketError);
        log.error({ err: error }, "could not check a PeerJS token");
        if (!socket.destroyed) refuseUpgrade(socket, 503, "Service Unavailable");
      },
    );
  });
  return {
    router,
    events: peerServer,
    socketOf: (id) => byId.get(id),
    disconnect: (id) => {
      const webSocket = byId.get(id);
      if (!webSocket) return;
      byId.delete(id);
      webSocket.close(4003, "no longer a member");
      setTimeout(() => webSocket.terminate(), CLOSE_GRACE_MS).unref();
    },
    // Upgraded sockets keep the HTTP server from closing, so they are ended first.
    close: () => {
      for (const client of peerSockets?.clients ?? []) client.terminate();
      peerSockets?.close();
    },
  };
}

const refuseHttpApi: RequestHandler = (_request, response) => {
  response.status(404).set("Cache-Control", "no-store").end();
};

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  // As ws itself refuses a handshake: answer, then drop the connection once the answer is flushed.
  socket.once("finish", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
