import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { ParsedUrlQuery } from "node:querystring";
import { ErrorCode } from "@rallypoint/protocol";
import type { ExtendedError } from "socket.io";
import type { Logger } from "pino";
import { handshakeRefusal } from "./handshake-refusal.js";
import type { SignalingSocket } from "./types.js";

/** What a client sent when it connected (a subset of Socket.IO's handshake, so the hook does not depend on it). */
export interface Handshake {
  /** socket.io-client's `auth` option; the library sends `{ token: authToken }`. */
  auth: Record<string, unknown>;
  /** The HTTP headers of the websocket upgrade (cookies, Origin, ...). */
  headers: IncomingHttpHeaders;
  /** The query string of the connection URL. */
  query: ParsedUrlQuery;
  /** The client's IP address (the proxy's, behind one). */
  address: string;
  /** Whether the connection came over TLS (to this server: behind a proxy that terminates TLS, false). */
  secure: boolean;
}

/**
 * Decides whether a client may connect at all, and so create or join a room, relay, or get a PeerJS token.
 * Return (or resolve) false to refuse; a throw refuses too, and is logged as a server fault.
 * @example
 * attachRallypoint(httpServer, { authenticate: ({ auth }) => verifyJwt(auth.token) })
 */
export type Authenticate = (handshake: Handshake) => boolean | Promise<boolean>;

/** The built-in check behind AUTH_SHARED_SECRET: the client's `auth.token` must equal the secret. */
export function sharedSecretAuthenticator(secret: string): Authenticate {
  const expected = Buffer.from(secret);
  return ({ auth }) => {
    const token = auth.token;
    if (typeof token !== "string") return false;
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/**
 * Socket.IO middleware running every check in order; the first refusal ends the handshake with a `connect_error`
 * whose `data` is a WireError, so the client library can report `unauthorized` by its code. A check that has not
 * answered within `timeoutMs` refuses too: a hung hook must not hold connections open.
 */
export function authMiddleware(checks: Authenticate[], timeoutMs: number, log: Logger) {
  return (socket: SignalingSocket, next: (error?: ExtendedError) => void): void => {
    void (async () => {
      try {
        for (const check of checks) {
          const verdict = await withinTimeout(Promise.resolve(check(socket.handshake)), timeoutMs);
          if (verdict === "timed out") {
            log.warn({ address: socket.handshake.address, timeoutMs }, "connection refused: authenticate timed out");
            next(handshakeRefusal(ErrorCode.Unauthorized, "The server could not check this connection in time"));
            return;
          }
          if (!verdict) {
            log.info({ address: socket.handshake.address }, "connection refused: unauthorized");
            next(handshakeRefusal(ErrorCode.Unauthorized, "Not authorized to connect to this server"));
            return;
          }
        }
        next();
      } catch (error) {
        log.error({ err: error }, "authenticate hook failed");
        next(handshakeRefusal(ErrorCode.Internal, "The server could not check this connection"));
      }
    })();
  };
}

function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T | "timed out"> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timed out">((resolve) => (timer = setTimeout(() => resolve("timed out"), ms)));
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
