import { io } from "socket.io-client";
import {
  ErrorCode,
  PROTOCOL_VERSION,
  type Ack,
  type FrameBytes,
  type LinkReport,
  type RelayChannel,
  type RelaySend,
  type RoomJoined,
  type TimeSyncReply,
} from "@rallypoint/protocol";
import { CONNECT_ATTEMPTS, connectRetryDelayMs, socketIoOptions } from "./connection-policy.js";
import { Emitter } from "../emitter.js";
import { answerWithin } from "./answer-within.js";
import { DropRecovery } from "./drop-recovery.js";
import { sendLeaveBeacon } from "./leave-beacon.js";
import { openSocket } from "./open-socket.js";
import {
  nextRoomView,
  resumeRequestOf,
  sessionOf,
  type RoomViewChange,
  type SignalingSession,
} from "./signaling-session.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import {
  type AnswerData,
  type DisconnectReason,
  type EntryEvent,
  type RequestEvent,
  type RequestPayload,
  type SignalingClientOptions,
  type SignalingEvents,
  type SignalingSocket,
} from "./signaling-types.js";
import { rememberSeat, takeRememberedSeat } from "./seat-memory.js";
import type { TimeSample } from "../sync/clock-sync.js";
import { forwardEvents, relayedStates, takeTimeSample } from "./signaling-replies.js";
import { unwrap } from "./wire-errors.js";

/**
 * The Socket.IO side of Rallypoint: rooms, presence and the relay. Websocket transport only, so a deployment
 * with several server processes needs no sticky sessions.
 * @example
 * const signaling = new SignalingClient({ serverUrl: location.origin });
 * await signaling.connect();
 * const room = await signaling.enter("room:create", { name: "Ada" });
 */
export class SignalingClient extends Emitter<SignalingEvents> {
  private readonly socket: SignalingSocket;
  private readonly serverUrl: string;
  private readonly ackTimeoutMs: number;
  private session: SignalingSession | undefined;
  /** Keeps the seat through a dropped connection. */
  private readonly recovery: DropRecovery;

  constructor(options: SignalingClientOptions) {
    super();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.serverUrl = options.serverUrl;
    this.socket = io(options.serverUrl, socketIoOptions(options));
    const reconnectDelayMs = options.reconnect?.initialDelayMs ?? 500;
    this.recovery = new DropRecovery(
      this.socket,
      {
        session: () => this.session,
        reconnecting: (reason) => this.emit("reconnecting", { reason }),
        resumed: (joined) => this.emit("resumed", this.seated(joined)),
        end: (reason) => this.end(reason),
      },
      { ackTimeoutMs: this.ackTimeoutMs, reconnectDelayMs },
    );
    this.socket.on("peer:joined", (member) => this.emit("peer:joined", this.observe(["peer:joined", member])));
    this.socket.on("peer:left", (event) => this.emit("peer:left", this.observe(["peer:left", event])));
    this.socket.on("host:changed", (event) => this.emit("host:changed", this.observe(["host:changed", event])));
    this.socket.on("relay:batch", (batch) => {
      for (const message of relayedStates(batch, this.session?.memberId)) this.emit("relay:message", message);
    });
    forwardEvents(this.socket, (event, value) => this.emit(event, value));
    this.socket.on("room:kicked", () => this.end("kicked"));
  }

  get isConnected(): boolean {
    return this.socket.connected;
  }

  /** Whether the connection dropped while in a room and the seat is not back yet. */
  get isReconnecting(): boolean {
    return this.recovery.isReconnecting;
  }

  /**
   * Opens the connection. A connection refused, reset or timed out is tried again, up to CONNECT_ATTEMPTS in all
   * with a doubling pause between them; then it rejects with `server-unreachable`. A server that answers with a
   * refusal (`unauthorized`, `origin-not-allowed`, `rate-limited`...) is not asked again.
   */
  async connect(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await openSocket(this.socket, this.ackTimeoutMs);
        return;
      } catch (error) {
        const isRefusal = error instanceof NetworkError && error.code !== ClientErrorCode.ServerUnreachable;
        if (isRefusal || attempt >= CONNECT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, connectRetryDelayMs(attempt)));
      }
    }
  }

  /** Creates, joins or quick-joins a room at this library's protocol version; the seat answered is this client's. */
  async enter<E extends EntryEvent>(
    event: E,
    request: Omit<RequestPayload<E>, "protocolVersion">,
  ): Promise<AnswerData<E>> {
    const answer = await this.request(event, { ...request, protocolVersion: PROTOCOL_VERSION });
    this.seated(answer as RoomJoined);
    return answer;
  }

  /**
   * Takes back the seat in room `code` that a previous page of this tab kept as it went away (a reload; see
   * seat-memory.ts): the same member id, even in a full room, and the others start their links with it over.
   * Undefined when no seat was kept or it is gone: then join as a newcomer.
   */
  async resumeKeptSeat(code: string): Promise<RoomJoined | undefined> {
    const kept = takeRememberedSeat(this.serverUrl, code);
    if (!kept) return undefined;
    const request = { ...resumeRequestOf(kept), restarted: true };
    const result = await this.withTimeout<Ack<RoomJoined>>((ack) => this.socket.emit("room:resume", request, ack));
    if (!result.ok && result.error.code === ErrorCode.ResumeFailed) return undefined;
    return this.seated(unwrap(result));
  }

  /**
   * Sends a request and resolves with the data of the server's answer; rejects with its refusal as a NetworkError
   * (e.g. `not-host`, `room-locked`), or with `timeout` or `server-unreachable`.
   */
  async request<E extends RequestEvent>(event: E, payload: RequestPayload<E>): Promise<AnswerData<E>> {
    const emit = this.socket.emit.bind(this.socket) as (event: string, ...args: unknown[]) => void;
    return unwrap(await this.withTimeout<Ack<AnswerData<E>>>((ack) => emit(event, payload, ack)));
  }

  /**
   * The page is going away. `keepSeat`: keeps the seat in this tab's sessionStorage, for the reloaded page to take
   * back. `leave`: tells the server by beacon (the browser delivers it even after the page is gone, which a websocket
   * message sent now may never leave the page to do); a kept seat is then held for the server's reload window.
   */
  pageGone({ keepSeat, leave }: { keepSeat: boolean; leave: boolean }): void {
    const session = this.session;
    if (!session) return;
    if (keepSeat) rememberSeat(this.serverUrl, session);
    if (!leave) return;
    this.endSession();
    sendLeaveBeacon(this.serverUrl, { ...session, mayReturn: keepSeat, connection: this.socket.id });
  }

  async leaveRoom(): Promise<void> {
    this.endSession();
    unwrap(await this.withTimeout<Ack<null>>((ack) => this.socket.emit("room:leave", ack)));
  }

  /**
   * Relays `data` to one member (`to: id`), several (`to: [ids]`) or all others (`to: null`), never waiting on a
   * round trip. Dropped while the connection or the seat is not back (Socket.IO would queue it for a socket in no
   * room): reliable events wait in their link's resend buffer instead.
   */
  relay(to: RelaySend["to"], channel: RelayChannel, data: FrameBytes): void {
    if (!this.socket.connected || this.isReconnecting) return;
    // State is latest-wins: a snapshot the socket cannot take right now is dropped, never queued behind newer ones.
    const socket = channel === "state" ? this.socket.volatile : this.socket;
    socket.emit("relay:send", { to, channel, data });
  }

  /**
   * Fire-and-forget reports, dropped while disconnected: how many links take each path (metrics; latest-wins, the next
   * replaces it), and whether this page is hidden (a hidden host hands its role on; re-sent after a resume).
   */
  report(report: { links: LinkReport } | { visibility: { hidden: boolean } }): void {
    if (!this.socket.connected || this.isReconnecting) return;
    if ("links" in report) this.socket.volatile.emit("links:report", report.links);
    else this.socket.emit("member:visibility", report.visibility);
  }

  /**
   * One clock sync round trip, allowed before joining a room. `t0` and `t3` are on `localNow()`'s clock
   * (performance.timeOrigin + performance.now(): monotonic, unlike Date.now()); `serverTime` is the server's
   * Date.now(). Feed it to a ClockSync, usually through a ClockSyncDriver.
   */
  syncTime(): Promise<TimeSample> {
    return takeTimeSample((t0, answered) =>
      this.withTimeout<Ack<TimeSyncReply>>((ack) =>
        this.socket.emit("time:sync", { t0 }, (result) => {
          answered();
          ack(result);
        }),
      ),
    );
  }

  close(): void {
    this.endSession();
    this.socket.disconnect();
  }

  private seated(joined: RoomJoined): RoomJoined {
    this.session = sessionOf(joined);
    return joined;
  }

  /** Keeps the session's room view in step with a server event; returns the event's payload. */
  private observe<C extends RoomViewChange>(change: C): C[1] {
    if (this.session) this.session.room = nextRoomView(this.session.room, change);
    return change[1];
  }

  private endSession(): void {
    this.session = undefined;
    this.recovery.stop();
  }

  private end(reason: DisconnectReason): void {
    this.endSession();
    this.socket.disconnect();
    this.emit("disconnected", reason);
  }

  private withTimeout<T>(send: (ack: (result: T) => void) => void): Promise<T> {
    return answerWithin(this.socket.connected, this.ackTimeoutMs, send);
  }
}
