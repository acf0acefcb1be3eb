import { io, type Socket } from "socket.io-client";
import {
  ErrorCode,
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type FrameBytes,
  type RelayChannel,
  type RoomJoined,
  type ServerToClientEvents,
  type TimeSyncReply,
  type WireError,
} from "@rallypoint/shared";
import { Emitter } from "./emitter.js";
import { ClientErrorCode, NetworkError } from "./network-error.js";
import { localNow, type TimeSample } from "./sync/clock-sync.js";

export interface SignalingClientOptions {
  /** Base URL of the Rallypoint server, e.g. `https://game.example.com`. */
  serverUrl: string;
  /** How long to wait for the server to answer a request. Default 5000 ms. */
  ackTimeoutMs?: number;
  /** Sent in the handshake as socket.io's `auth: { token }`, for servers that check it. Default: none. */
  authToken?: string;
}

/** Server events, plus `disconnected` when the connection to the server ends. */
export type SignalingEvents = {
  [K in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[K]>[0];
} & { disconnected: string };

type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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

  constructor(options: SignalingClientOptions) {
    super();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.socket = io(options.serverUrl, {
      transports: ["websocket"],
      autoConnect: false,
      reconnection: false,
      ...(options.authToken === undefined ? {} : { auth: { token: options.authToken } }),
    });
    this.socket.on("peer:joined", (member) => this.emit("peer:joined", member));
    this.socket.on("peer:left", (event) => this.emit("peer:left", event));
    this.socket.on("host:changed", (event) => this.emit("host:changed", event));
    this.socket.on("relay:message", (message) => this.emit("relay:message", message));
    this.socket.on("disconnect", (reason) => this.emit("disconnected", reason));
  }

  get isConnected(): boolean {
    return this.socket.connected;
  }

  /** Opens the connection; rejects with `server-unreachable` when the server cannot be reached in time. */
  connect(): Promise<void> {
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
    return unwrap(await this.withTimeout<Ack<RoomJoined>>((ack) => this.socket.emit("room:create", request, ack)));
  }

  async joinRoom(code: string, name?: string): Promise<RoomJoined> {
    const request = { code, protocolVersion: PROTOCOL_VERSION, name };
    return unwrap(await this.withTimeout<Ack<RoomJoined>>((ack) => this.socket.emit("room:join", request, ack)));
  }

  async leaveRoom(): Promise<void> {
    unwrap(await this.withTimeout<Ack<null>>((ack) => this.socket.emit("room:leave", ack)));
  }

  /** Fire-and-forget: the relay is for game traffic, which must never wait on a round trip. */
  relay(to: string | null, channel: RelayChannel, data: FrameBytes): void {
    // State is latest-wins: a snapshot the socket cannot take right now is dropped, never queued behind newer ones.
    const socket = channel === "state" ? this.socket.volatile : this.socket;
    socket.emit("relay:send", { to, channel, data });
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
    this.socket.disconnect();
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
