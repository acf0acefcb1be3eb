import { io, type Socket } from "socket.io-client";
import {
  decodeRelayBatch,
  ErrorCode,
  PROTOCOL_VERSION,
  ResumeFailedReason,
  type Ack,
  type ClientToServerEvents,
  type FrameBytes,
  type LinkReport,
  type RelayChannel,
  type RelaySend,
  type RoomJoined,
  type ServerToClientEvents,
  type TimeSyncReply,
  type WireError,
} from "@rallypoint/protocol";
import { Emitter } from "./emitter.js";
import { ClientErrorCode, NetworkError } from "./network-error.js";
import { localNow, type TimeSample } from "./sync/clock-sync.js";

export interface SignalingClientOptions {
  /** Base URL of the Rallypoint server, e.g. `https://game.example.com`. */
  serverUrl: string;
  /** How long to wait for the server to answer a request. Default 5000 ms. */
  ackTimeoutMs?: number;
  /**
   * Reconnection backoff while in a room: the first delay, doubling up to the maximum, each spread by a random
   * factor. Default `{ initialDelayMs: 500, maxDelayMs: 30000, jitter: 0.5 }`.
   */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; jitter?: number };
  /** Sent in the handshake as socket.io's `auth: { token }`, for servers that check it. Default: none. */
  authToken?: string;
}

/**
 * Why a session ended without `leave()`:
 * - `room-lost`: the server no longer has the room (it restarted, or everyone else's seat expired too);
 * - `seat-expired`: the server released this member's seat (its grace window ended before we got back);
 * - `connection-lost`: the server could not be reached again within the grace window, or holds no seats;
 * - `server-disconnect`: the server closed this connection (another connection took the seat over);
 * - `incompatible-version`: the server came back speaking another protocol version (it was upgraded): reload.
 */
export type DisconnectReason =
  "room-lost" | "seat-expired" | "connection-lost" | "server-disconnect" | "incompatible-version";

/**
 * Server events, plus the life of the connection: `reconnecting` when it drops while in a room, `resumed` with
 * the room as it is now once the seat is back, `disconnected` when the session is over. A `relay:batch` from the
 * server arrives as one `relay:message` per message in it.
 */
export type SignalingEvents = {
  [K in Exclude<keyof ServerToClientEvents, "relay:batch">]: Parameters<ServerToClientEvents[K]>[0];
} & { reconnecting: { reason: string }; resumed: RoomJoined; disconnected: DisconnectReason };

/** What it takes to come back to a room: kept from the last RoomJoined. */
interface Session {
  code: string;
  memberId: string;
  resumeToken: string;
  resumeGraceMs: number;
}

type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How often the first connection is tried before createRoom/joinRoom give up with `server-unreachable`. */
const CONNECT_ATTEMPTS = 3;
const CONNECT_RETRY_FIRST_DELAY_MS = 100;
const CONNECT_RETRY_MAX_DELAY_MS = 5_000;

/**
 * The Socket.IO side of Rallypoint: rooms, presence and the relay. Websocket transport only, so a deployment
 * with several server processes needs no sticky sessions.
 * @example
 * const signaling = new SignalingClient({ serverUrl: location.origin });
 * await signaling.connect();
 * const room = await signaling.createRoom("Ada");
 */
export class SignalingClient extends Emitter<SignalingEvents> {
  private readonly socket: SignalingSocket;
  private readonly ackTimeoutMs: number;
  private session: Session | undefined;
  /** Set from the moment the socket drops in a room until the seat is back (or the session ends). */
  private giveUpTimer: ReturnType<typeof setTimeout> | undefined;
  private isResuming = false;
  /** The last `server:error` on this connection: it says whether the server's disconnect that follows is final. */
  private lastServerError: WireError | undefined;
  private readonly reconnectDelayMs: number;

  constructor(options: SignalingClientOptions) {
    super();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    const reconnect = options.reconnect ?? {};
    this.reconnectDelayMs = reconnect.initialDelayMs ?? 500;
    this.socket = io(options.serverUrl, {
      transports: ["websocket"],
      autoConnect: false,
      // Socket.IO's own exponential backoff; it only runs after a drop, and close() or giving up stops it.
      reconnection: true,
      reconnectionDelay: reconnect.initialDelayMs ?? 500,
      reconnectionDelayMax: reconnect.maxDelayMs ?? 30_000,
      randomizationFactor: reconnect.jitter ?? 0.5,
      ...(options.authToken === undefined ? {} : { auth: { token: options.authToken } }),
    });
    this.socket.on("peer:joined", (member) => this.emit("peer:joined", member));
    this.socket.on("peer:left", (event) => this.emit("peer:left", event));
    this.socket.on("peer:reconnecting", (event) => this.emit("peer:reconnecting", event));
    this.socket.on("peer:resumed", (event) => this.emit("peer:resumed", event));
    this.socket.on("host:changed", (event) => this.emit("host:changed", event));
    this.socket.on("relay:message", (message) => this.emit("relay:message", message));
    this.socket.on("relay:batch", (batch) => this.onRelayBatch(batch));
    this.socket.on("server:shutdown", (event) => this.emit("server:shutdown", event));
    this.socket.on("server:error", (error) => {
      this.lastServerError = error;
      this.emit("server:error", error);
    });
    this.socket.on("disconnect", (reason) => this.onDisconnect(reason));
    this.socket.on("connect", () => {
      this.lastServerError = undefined;
      void this.resume();
    });
  }

  get isConnected(): boolean {
    return this.socket.connected;
  }

  /** Whether the connection dropped while in a room and the seat is not back yet. */
  get isReconnecting(): boolean {
    return this.giveUpTimer !== undefined;
  }

  /**
   * Opens the connection. A connection refused, reset or timed out is tried again, up to CONNECT_ATTEMPTS in all
   * with a doubling pause between them; then it rejects with `server-unreachable`. A server that answers with a
   * refusal (`unauthorized`, `origin-not-allowed`, `rate-limited`...) is not asked again.
   */
  async connect(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.connectOnce();
        return;
      } catch (error) {
        const isRefusal = error instanceof NetworkError && error.code !== ClientErrorCode.ServerUnreachable;
        if (isRefusal || attempt >= CONNECT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, connectRetryDelayMs(attempt)));
      }
    }
  }

  private connectOnce(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const fail = (cause?: unknown): void => {
        cleanup();
        this.socket.disconnect();
        // A refusal by the server's middleware (authentication) carries a WireError; anything else is the network.
        const refusal = wireErrorOf(cause);
        reject(
          refusal
            ? new NetworkError(refusal.code, refusal.message, { cause })
            : new NetworkError(ClientErrorCode.ServerUnreachable, "Cannot reach the Rallypoint server", { cause }),
        );
      };
      const succeed = (): void => {
        cleanup();
        resolve();
      };
      const timer = setTimeout(fail, this.ackTimeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.socket.off("connect", succeed);
        this.socket.off("connect_error", fail);
      };
      this.socket.once("connect", succeed);
      this.socket.once("connect_error", fail);
      this.socket.connect();
    });
  }

  async createRoom(name?: string): Promise<RoomJoined> {
    const request = { protocolVersion: PROTOCOL_VERSION, name };
    return this.seated(
      unwrap(await this.withTimeout<Ack<RoomJoined>>((ack) => this.socket.emit("room:create", request, ack))),
    );
  }

  async joinRoom(code: string, name?: string): Promise<RoomJoined> {
    const request = { code, protocolVersion: PROTOCOL_VERSION, name };
    return this.seated(
      unwrap(await this.withTimeout<Ack<RoomJoined>>((ack) => this.socket.emit("room:join", request, ack))),
    );
  }

  async leaveRoom(): Promise<void> {
    this.endSession();
    unwrap(await this.withTimeout<Ack<null>>((ack) => this.socket.emit("room:leave", ack)));
  }

  /**
   * Relays `data` to one member (`to: id`), several (`to: [ids]`) or every other member (`to: null`).
   * Fire-and-forget: the relay is for game traffic, which must never wait on a round trip. Dropped while the
   * connection is down or the seat not yet back (Socket.IO would otherwise queue it for a socket that is in no
   * room yet): reliable events wait in their link's resend buffer instead.
   */
  relay(to: RelaySend["to"], channel: RelayChannel, data: FrameBytes): void {
    if (!this.socket.connected || this.isReconnecting) return;
    // State is latest-wins: a snapshot the socket cannot take right now is dropped, never queued behind newer ones.
    const socket = channel === "state" ? this.socket.volatile : this.socket;
    socket.emit("relay:send", { to, channel, data });
  }

  /**
   * Fire-and-forget, latest-wins like state: tells the server how many peer links take each path (for its metrics).
   * A report the socket cannot take now is dropped; the next one replaces it.
   */
  reportLinks(report: LinkReport): void {
    if (!this.socket.connected || this.isReconnecting) return;
    this.socket.volatile.emit("links:report", report);
  }

  /**
   * One clock sync round trip, allowed before joining a room. `t0` and `t3` are on `localNow()`'s clock
   * (performance.timeOrigin + performance.now(): monotonic, unlike Date.now()); `serverTime` is the server's
   * Date.now(). Feed it to a ClockSync, usually through a ClockSyncDriver.
   */
  async syncTime(): Promise<TimeSample> {
    const t0 = localNow();
    let t3 = t0;
    const { t1 } = unwrap(
      await this.withTimeout<Ack<TimeSyncReply>>((ack) =>
        this.socket.emit("time:sync", { t0 }, (result) => {
          // Stamped in the callback itself: the promise hops to a later microtask, which is not network time.
          t3 = localNow();
          ack(result);
        }),
      ),
    );
    return { t0, serverTime: t1, t3 };
  }

  close(): void {
    this.endSession();
    this.socket.disconnect();
  }

  private seated(joined: RoomJoined): RoomJoined {
    const { code, selfId: memberId, resumeToken, resumeGraceMs } = joined;
    this.session = { code, memberId, resumeToken, resumeGraceMs };
    return joined;
  }

  private endSession(): void {
    this.session = undefined;
    clearTimeout(this.giveUpTimer);
    this.giveUpTimer = undefined;
  }

  /** Unpacks a batch of relayed state; a malformed or oversize batch is dropped whole, as a bad frame would be. */
  private onRelayBatch(batch: unknown): void {
    const items = decodeRelayBatch(batch);
    if (!items) return;
    // A batch to the room also carries the messages this member sent in it.
    const selfId = this.session?.memberId;
    for (const { from, data } of items) {
      if (from !== selfId) this.emit("relay:message", { from, channel: "state", data });
    }
  }

  private onDisconnect(reason: string): void {
    const session = this.session;
    if (!session || this.isReconnecting) return; // not in a room, or a reconnect attempt that failed to stick
    const isServerDisconnect = reason === "io server disconnect";
    // Dropped for not reading fast enough (a stalled tab, a congested link): the seat is held like after any drop.
    const wasSlow = isServerDisconnect && this.lastServerError?.code === ErrorCode.SlowConsumer;
    if ((isServerDisconnect && !wasSlow) || session.resumeGraceMs === 0) {
      this.end(isServerDisconnect ? "server-disconnect" : "connection-lost");
      return;
    }
    // The server holds the seat for resumeGraceMs from when it noticed the drop, which is no earlier than now.
    this.giveUpTimer = setTimeout(() => this.end("connection-lost"), session.resumeGraceMs);
    this.emit("reconnecting", { reason: wasSlow ? ErrorCode.SlowConsumer : reason });
    // Socket.IO never reconnects by itself after the server closed the connection.
    if (wasSlow) setTimeout(() => this.session === session && this.socket.connect(), this.reconnectDelayMs);
  }

  /** On every (re)connect: if the connection dropped while in a room, take the seat back. */
  private async resume(): Promise<void> {
    const session = this.session;
    if (!session || !this.isReconnecting || this.isResuming) return;
    this.isResuming = true;
    try {
      const request = {
        code: session.code,
        memberId: session.memberId,
        resumeToken: session.resumeToken,
        protocolVersion: PROTOCOL_VERSION,
      };
      const result = await this.withTimeout<Ack<RoomJoined>>((ack) => this.socket.emit("room:resume", request, ack));
      if (this.session !== session) return; // closed meanwhile
      if (result.ok) {
        clearTimeout(this.giveUpTimer);
        this.giveUpTimer = undefined;
        this.emit("resumed", this.seated(result.data));
        return;
      }
      this.end(resumeFailure(result.error));
    } catch {
      // No answer in time: the connection is bad again; the next reconnect tries once more.
      if (this.session === session) this.socket.disconnect().connect();
    } finally {
      this.isResuming = false;
    }
  }

  private end(reason: DisconnectReason): void {
    this.endSession();
    this.socket.disconnect();
    this.emit("disconnected", reason);
  }

  private withTimeout<T>(send: (ack: (result: T) => void) => void): Promise<T> {
    if (!this.socket.connected) {
      return Promise.reject(new NetworkError(ClientErrorCode.ServerUnreachable, "Not connected to the server"));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new NetworkError(ClientErrorCode.Timeout, `The server did not answer within ${this.ackTimeoutMs} ms`)),
        this.ackTimeoutMs,
      );
      send((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }
}

/** Why a refused room:resume ends the session. */
function resumeFailure(error: WireError): DisconnectReason {
  if (error.code === ErrorCode.IncompatibleVersion) return "incompatible-version";
  const isRoomGone = error.code === ErrorCode.ResumeFailed && error.reason === ResumeFailedReason.Unknown;
  return isRoomGone ? "room-lost" : "seat-expired";
}

/** The pause after failed attempt `attempt` (1-based): 100 ms, doubling, at most 5 s (the seed's retry policy). */
export function connectRetryDelayMs(attempt: number): number {
  return Math.min(CONNECT_RETRY_MAX_DELAY_MS, CONNECT_RETRY_FIRST_DELAY_MS * 2 ** (attempt - 1));
}

function wireErrorOf(error: unknown): WireError | undefined {
  const data: unknown = error instanceof Error ? (error as Error & { data?: unknown }).data : undefined;
  if (typeof data !== "object" || data === null) return undefined;
  const { code, message } = data as Record<string, unknown>;
  const isKnownCode = Object.values(ErrorCode).some((known) => known === code);
  return isKnownCode && typeof message === "string" ? { code: code as ErrorCode, message } : undefined;
}

function unwrap<T>(result: Ack<T>): T {
  if (result.ok) return result.data;
  throw new NetworkError(result.error.code, result.error.message);
}
