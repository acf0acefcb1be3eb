import { WebSocket } from "ws";
import { ServerPaths } from "@rallypoint/protocol";
import { onCleanup, withTimeout } from "./test-server.js";

/** A raw PeerJS signaling socket, as the PeerJS browser client opens it, with every message it received. */
export interface PeerSocket {
  socket: WebSocket;
  received: Record<string, unknown>[];
  /** Resolves with the next message matching `type` (already received ones count), or rejects after the wait. */
  next(type: string, ms?: number): Promise<Record<string, unknown>>;
  send(message: Record<string, unknown>): void;
  /** Resolves with the close code once the server has closed it. */
  closed(ms?: number): Promise<number>;
}

/** A raw websocket to `url` (http or ws), terminated after the test. Errors are expected here, so they are swallowed. */
export function openWebSocket(url: string): WebSocket {
  const socket = new WebSocket(url.replace(/^http/, "ws"));
  socket.on("error", () => undefined);
  onCleanup(() => socket.terminate());
  return socket;
}

/**
 * Opens a PeerJS socket on `url`'s PeerJS mount with a member's id and token (none: the query has no token), the way
 * the PeerJS browser client does; terminated after the test.
 */
export function openPeerSocket(url: string, id: string, token?: string): PeerSocket {
  const query = new URLSearchParams({ key: "peerjs", id, ...(token === undefined ? {} : { token }) });
  const socket = openWebSocket(`${url}${ServerPaths.peerjs}/peerjs?${query.toString()}`);
  const received: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (data: Buffer) => {
    received.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  let consumed = 0;
  const next = (type: string, ms?: number): Promise<Record<string, unknown>> => {
    const found = new Promise<Record<string, unknown>>((resolve) => {
      const look = (): void => {
        const index = received.findIndex((message, at) => at >= consumed && message.type === type);
        if (index === -1) return;
        const message = received[index] as Record<string, unknown>;
        consumed = index + 1;
        waiters.delete(look);
        resolve(message);
      };
      waiters.add(look);
      look();
    });
    return withTimeout(found, `waiting for a PeerJS ${type}`, ms);
  };
  const closed = (ms?: number): Promise<number> =>
    withTimeout(
      new Promise<number>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) resolve(-1);
        socket.once("close", (code: number) => resolve(code));
      }),
      "waiting for the PeerJS socket to close",
      ms,
    );
  return {
    socket,
    received,
    next,
    send: (message) => socket.send(JSON.stringify(message)),
    closed,
  };
}

/** Resolves with "open", or the HTTP status the server refused the upgrade with. */
export function upgradeOutcome(url: string, id: string, token?: string): Promise<"open" | number> {
  const { socket } = openPeerSocket(url, id, token);
  const outcome = new Promise<"open" | number>((resolve) => {
    socket.once("open", () => resolve("open"));
    socket.once("unexpected-response", (upgradeRequest, response) => {
      resolve(response.statusCode ?? 0);
      upgradeRequest.destroy();
    });
  });
  return withTimeout(outcome, "waiting for the PeerJS upgrade to be answered");
}
