import type { DataConnection } from "peerjs";
import type { RelayReason } from "@rallypoint/protocol";
import type { LinkAction } from "./link-policy.js";
import { WebRTCChannel } from "./webrtc-channel.js";

/** What an attempt tells its link. */
export interface WebRTCAttemptHandlers {
  /** Both channels opened: the link verifies them with a ping. */
  onOpen(): void;
  /** The channel failed (the reason names the ICE server's error, if any); `kind` says why in one word. */
  onFailure(reason: string, kind: AttemptFailure): void;
  /** The attempt did not open within the open timeout. */
  onTimeout(reason: string, kind: AttemptFailure): void;
  onMessage(data: ArrayBuffer): void;
  /** The reliable channel can take more. */
  onDrain(): void;
  /** The backoff after a failed attempt ended: time to try again. */
  onRetry(): void;
}

/** Why an attempt failed, as far as it can tell. */
export type AttemptFailure = Extract<RelayReason, "ice-failed" | "turn-refused" | "timeout" | "connection-lost">;

/**
 * The life of one pair's WebRTC attempts, as the link policy's actions say: the channel of the current attempt
 * (dialed by us, or the remote's dial accepted), its open timeout, its end, and the backoff before the next one.
 * Events of a channel that is no longer the current one are ignored.
 */
export class WebRTCAttempt {
  /** The current attempt's channel; undefined while our dial has not answered, or with no attempt. */
  channel: WebRTCChannel | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attemptId = 0;
  private isClosed = false;

  /** `dial`: dials the peer over PeerJS, on the side of the pair that dials (undefined on the other). */
  constructor(
    private readonly openTimeoutMs: number,
    private readonly dial: (() => Promise<DataConnection>) | undefined,
    private readonly on: WebRTCAttemptHandlers,
  ) {}

  /** Carries out the link policy's actions; `incoming`: the connection the remote dialed, when that is the input. */
  carryOut(actions: LinkAction[], incoming?: DataConnection): void {
    for (const action of actions) {
      switch (action.type) {
        case "attempt-webrtc":
          this.start(undefined);
          if (this.dial) this.dialFor(this.dial);
          break;
        case "accept-webrtc":
          this.start(incoming);
          break;
        case "reject-webrtc":
          incoming?.close();
          break;
        case "close-webrtc":
          this.stop();
          break;
        case "schedule-retry":
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.on.onRetry(), action.delayMs);
          break;
        case "cancel-retry":
          clearTimeout(this.retryTimer);
          break;
      }
    }
  }

  /**
   * Starts an attempt: with the connection the remote dialed, or none until `dial` answers. PeerJS does not report
   * every ICE failure, hence the timeout.
   */
  private start(connection: DataConnection | undefined): void {
    this.attemptId++;
    this.stop();
    this.channel = connection && this.watch(connection);
    this.timer = setTimeout(() => {
      const iceError = this.channel?.iceError;
      const kind = this.channel?.wasRefusedByIceServer ? "turn-refused" : "timeout";
      this.on.onTimeout(
        `open timeout${this.channel ? "" : " (no data connection)"}${iceError ? `: ${iceError}` : ""}`,
        kind,
      );
    }, this.openTimeoutMs);
  }

  /** Dials for the current attempt; a connection that answers after it ended is closed. */
  private dialFor(connect: () => Promise<DataConnection>): void {
    const attempt = this.attemptId;
    void connect().then((connection) => {
      // The attempt may have timed out, been replaced by the remote's dial, or the link closed meanwhile.
      if (attempt !== this.attemptId || this.isClosed) connection.close();
      else this.channel = this.watch(connection);
    });
  }

  /** Ends the current attempt's timeout and channel. */
  private stop(): void {
    clearTimeout(this.timer);
    this.channel?.close();
    this.channel = undefined;
  }

  /** The link is closed: no attempt again, and a dial that answers later is hung up. */
  close(): void {
    this.isClosed = true;
    clearTimeout(this.retryTimer);
    this.stop();
  }

  private watch(connection: DataConnection): WebRTCChannel {
    const channel: WebRTCChannel = new WebRTCChannel(connection, {
      onOpen: () => {
        if (this.channel === channel) this.on.onOpen();
      },
      onFailure: (reason, kind) => {
        if (this.channel !== channel) return;
        // A TURN server that refused us is why ICE found nothing: the fix is its credential, not the network.
        this.on.onFailure(
          channel.iceError ? `${reason}: ${channel.iceError}` : reason,
          channel.wasRefusedByIceServer ? "turn-refused" : kind,
        );
      },
      onMessage: (data) => {
        if (this.channel === channel) this.on.onMessage(data);
      },
      onDrain: () => {
        if (this.channel === channel) this.on.onDrain();
      },
    });
    return channel;
  }
}
