import { ErrorCode, type Ack, type RoomJoined, type WireError } from "@rallypoint/protocol";
import { answerWithin } from "./answer-within.js";
import { resumeFailure, spread } from "./connection-policy.js";
import { resumeRequestOf, type SignalingSession } from "./signaling-session.js";
import type { DisconnectReason, SignalingSocket } from "./signaling-types.js";

/** What a DropRecovery needs of the SignalingClient it serves. */
export interface RecoveryHost {
  /** The seat held now; undefined outside a room. */
  session(): SignalingSession | undefined;
  /** The connection dropped while in a room; `reason` is Socket.IO's, or `slow-consumer`. */
  reconnecting(reason: string): void;
  /** The seat is back: the room as the server answered it. */
  resumed(joined: RoomJoined): void;
  /** The seat is lost (or the server closed the connection for good): the session ends for `reason`. */
  end(reason: DisconnectReason): void;
}

/**
 * A seat kept through a dropped connection. The server holds it for the session's grace window from the drop, so
 * this gives up after that long; comes back when the server asked (a shutdown notice, a drop for reading too slowly),
 * else when Socket.IO's backoff does; and on each reconnect takes the seat back with `room:resume`.
 */
export class DropRecovery {
  /** Set from the moment the socket drops in a room until the seat is back (or the session ends). */
  private giveUpTimer: ReturnType<typeof setTimeout> | undefined;
  private isResuming = false;
  /** The last `server:error` on this connection: it says whether the server's disconnect that follows is final. */
  private lastServerError: WireError | undefined;
  /** Set by `server:shutdown` until the drop it announces: how long the server asked us to stay away. */
  private shutdownRetryAfterMs: number | undefined;

  /** Listens to `socket` from now on: made before the client's own listeners, so it knows first. */
  constructor(
    private readonly socket: SignalingSocket,
    private readonly host: RecoveryHost,
    private readonly timing: { ackTimeoutMs: number; reconnectDelayMs: number },
  ) {
    socket.on("server:shutdown", ({ retryAfterMs }) => {
      // The drop that follows is planned: come back when the server says, not at Socket.IO's first backoff step.
      this.shutdownRetryAfterMs = retryAfterMs;
      socket.io.reconnection(false);
    });
    socket.on("server:error", (error) => (this.lastServerError = error));
    socket.on("disconnect", (reason) => this.dropped(reason));
    socket.on("connect", () => {
      this.lastServerError = undefined;
      void this.resume();
    });
  }

  /** Whether the connection dropped while in a room and the seat is not back yet. */
  get isReconnecting(): boolean {
    return this.giveUpTimer !== undefined;
  }

  /** The session ended: nothing to wait for any more. */
  stop(): void {
    clearTimeout(this.giveUpTimer);
    this.giveUpTimer = undefined;
  }

  private dropped(reason: string): void {
    const retryAfterMs = this.shutdownRetryAfterMs;
    this.shutdownRetryAfterMs = undefined;
    const session = this.host.session();
    if (!session || this.isReconnecting) {
      // Not in a room, or a reconnect attempt that failed to stick.
      this.socket.io.reconnection(true);
      return;
    }
    const isServerDisconnect = reason === "io server disconnect";
    // Dropped for not reading fast enough (a stalled tab, a congested link): the seat is held like after any drop.
    const wasSlow = isServerDisconnect && this.lastServerError?.code === ErrorCode.SlowConsumer;
    if ((isServerDisconnect && !wasSlow) || session.resumeGraceMs === 0) {
      this.host.end(isServerDisconnect ? "server-disconnect" : "connection-lost");
      return;
    }
    // The server holds the seat for resumeGraceMs from when it noticed the drop, which is no earlier than now.
    this.giveUpTimer = setTimeout(() => this.host.end("connection-lost"), session.resumeGraceMs);
    this.host.reconnecting(wasSlow ? ErrorCode.SlowConsumer : reason);
    // Socket.IO never reconnects by itself after the server closed the connection, nor after a shutdown notice.
    if (retryAfterMs !== undefined) this.reconnectLater(session, spread(retryAfterMs));
    else if (wasSlow) this.reconnectLater(session, this.timing.reconnectDelayMs);
  }

  private reconnectLater(session: SignalingSession, delayMs: number): void {
    setTimeout(() => {
      if (this.host.session() !== session) return;
      this.socket.io.reconnection(true);
      this.socket.connect();
    }, delayMs);
  }

  /** On every (re)connect: if the connection dropped while in a room, take the seat back. */
  private async resume(): Promise<void> {
    const session = this.host.session();
    if (!session || !this.isReconnecting || this.isResuming) return;
    this.isResuming = true;
    try {
      const request = resumeRequestOf(session);
      const result = await answerWithin<Ack<RoomJoined>>(this.socket.connected, this.timing.ackTimeoutMs, (ack) =>
        this.socket.emit("room:resume", request, ack),
      );
      if (this.host.session() !== session) return; // closed meanwhile
      if (result.ok) {
        this.stop();
        this.host.resumed(result.data);
        return;
      }
      this.host.end(resumeFailure(result.error));
    } catch {
      // No answer in time: the connection is bad again; the next reconnect tries once more.
      if (this.host.session() === session) this.socket.disconnect().connect();
    } finally {
      this.isResuming = false;
    }
  }
}
