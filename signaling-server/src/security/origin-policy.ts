import type { IncomingMessage } from "node:http";
import { ErrorCode } from "@rallypoint/protocol";
import type { ExtendedError } from "socket.io";
import { handshakeRefusal } from "../realtime/handshake-refusal.js";
import type { SignalingSocket } from "../realtime/types.js";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Which browser origins may open a websocket (Socket.IO or PeerJS) or call the PeerJS HTTP routes. Browsers always
 * send Origin on websocket upgrades, so this stops other sites' pages from using a visitor's browser as a client.
 * A request without Origin is not a browser's and is allowed: such clients can put any Origin they like.
 */
export class OriginPolicy {
  private readonly allowed: Set<string>;
  private readonly isAny: boolean;

  /** `allowedOrigins`: exact origins (`https://game.example.com`) or `*`; `isProduction`: no localhost allowance. */
  constructor(
    allowedOrigins: readonly string[],
    private readonly isProduction: boolean,
  ) {
    this.isAny = allowedOrigins.includes("*");
    this.allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/+$/, "").toLowerCase()));
  }

  /** `host`: the request's Host header, for the same-origin check. */
  allows(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined || this.isAny) return true;
    const normalized = origin.toLowerCase();
    if (this.allowed.has(normalized)) return true;
    let url: URL;
    try {
      url = new URL(normalized);
    } catch {
      return false;
    }
    if (host !== undefined && url.host === host.toLowerCase()) return true;
    return !this.isProduction && LOCAL_HOSTS.has(url.hostname);
  }

  allowsRequest(request: IncomingMessage): boolean {
    return this.allows(request.headers.origin, request.headers.host);
  }
}

/**
 * Socket.IO middleware refusing pages from origins the policy does not allow. A middleware rather than Socket.IO's
 * `allowRequest`: a refused websocket upgrade reaches a page only as "websocket error", while a middleware's refusal
 * arrives as `connect_error` with a WireError, which the library reports as `origin-not-allowed`.
 */
export function originMiddleware(origins: OriginPolicy, onRefused: () => void) {
  return (socket: SignalingSocket, next: (error?: ExtendedError) => void): void => {
    const { origin, host } = socket.handshake.headers;
    if (origins.allows(origin, host)) {
      next();
      return;
    }
    onRefused();
    const message = `This page's origin (${origin ?? "none"}) is not allowed by the Rallypoint server (allowedOrigins)`;
    next(handshakeRefusal(ErrorCode.OriginNotAllowed, message));
  };
}
