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
 * What an `authenticate` hook decides: false refuses the client, true lets it in anonymously, and `{ userId }` lets
 * it in as that user (1-256 characters), which is what a host's kick then bans, instead of the client's address.
 */
export type AuthVerdict = boolean | { userId: string };

/**
 * Decides whether a client may connect at all, and so create or join a room, relay, or get a PeerJS token.
 * Return (or resolve) false to refuse, true to admit, or `{ userId }` to admit a known user (see AuthVerdict); a
 * throw refuses too, and is logged as a server fault.
 * @example
 * attachRallypoint(httpServer, {
 *   authenticate: async ({ auth }) => {
 *     const claims = await verifyJwt(auth.token); // null when invalid
 *     return claims ? { userId: claims.sub } : false;
 *   },
 * });
 */
export type Authenticate = (handshake: Handshake) => AuthVerdict | Promise<AuthVerdict>;

/** Longest user id a verdict may carry: it is kept in each of its member's seats. */
const MAX_USER_ID_LENGTH = 256;

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
 * answered within `timeoutMs` refuses too: a hung hook must not hold connections open. A user id a check yields is
 * kept as the socket's `userId`; one that is not a string of 1-256 characters is a fault of the hook (`internal`).
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
          if (verdict !== true) socket.data.userId = checkedUserId(verdict);
        }
        next();
      } catch (error) {
        log.error({ err: error }, "authenticate hook failed");
        next(handshakeRefusal(ErrorCode.Internal, "The server could not check this connection"));
      }
    })();
  };
}

function checkedUserId(verdict: { userId: unknown }): string {
  const { userId } = verdict;
  if (typeof userId === "string" && userId.length > 0 && userId.length <= MAX_USER_ID_LENGTH) return userId;
  throw new Error(`authenticate returned a userId that is not a string of 1-${MAX_USER_ID_LENGTH} characters`);
}

function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T | "timed out"> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timed out">((resolve) => (timer = setTimeout(() => resolve("timed out"), ms)));
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
