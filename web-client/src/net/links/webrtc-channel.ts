import type { DataConnection } from "peerjs";
import type { FrameBytes, RelayReason } from "@rallypoint/protocol";
import { watchSelectedRoute, type SelectedRoute } from "./webrtc-route.js";

/** Stream id of the unreliable channel that both sides create on the pair's RTCPeerConnection. */
const STATE_CHANNEL_ID = 512;
/**
 * The reliable channel takes frames while less than this waits in its send buffer, and asks for more once it drains
 * below a quarter of it (`bufferedamountlow`): far below the browser's own limit (Chromium closes a channel whose
 * buffer passes 16 MiB), so a 1 MiB event never sits in the browser whole, twice.
 */
const RELIABLE_HIGH_WATER = 256 * 1024;

export interface WebRTCChannelHandlers {
  /** Both data channels can carry messages (not yet verified end to end: the link pings for that). */
  onOpen(): void;
  /** The connection is gone or unusable; reported once, with its kind: `ice-failed` or `connection-lost`. */
  onFailure(reason: string, kind: ChannelFailure): void;
  onMessage(data: ArrayBuffer): void;
  /** The reliable channel's send buffer drained: it takes frames again (see `canSendReliable`). */
  onDrain(): void;
}

/** How a channel fails: ICE found no pair that works, or the connection closed. */
export type ChannelFailure = Extract<RelayReason, "ice-failed" | "connection-lost">;

/**
 * The WebRTC side of one peer pair: PeerJS's DataConnection as the reliable, ordered channel for events, and a
 * negotiated channel with `ordered: false, maxRetransmits: 0` for state (PeerJS's `reliable: false` only drops
 * ordering; its channel still retransmits).
 */
export class WebRTCChannel {
  private readonly stateChannel: RTCDataChannel | undefined;
  private failed = false;
  private isOpen = false;
  /** The last ICE server error (a TURN server refusing our credential, say): why an attempt that never opens failed. */
  private lastIceError: string | undefined;
  private lastIceErrorCode: number | undefined;
  private stopWatchingRoute: (() => void) | undefined;

  constructor(
    private readonly connection: DataConnection,
    private readonly handlers: WebRTCChannelHandlers,
  ) {
    const peerConnection = connection.peerConnection as RTCPeerConnection | null;
    if (!peerConnection) {
      queueMicrotask(() => this.fail("no peer connection"));
      return;
    }
    this.stateChannel = peerConnection.createDataChannel("rallypoint-state", {
      negotiated: true,
      id: STATE_CHANNEL_ID,
      ordered: false,
      maxRetransmits: 0,
    });
    this.stateChannel.onopen = () => this.checkOpen();
    this.stateChannel.onclose = () => this.fail("state channel closed");
    this.stateChannel.binaryType = "arraybuffer";
    this.stateChannel.onmessage = (event: MessageEvent<unknown>) => {
      if (event.data instanceof ArrayBuffer) this.handlers.onMessage(event.data);
    };
    // A wrong or expired TURN credential shows only here (401 per URL): ICE itself just never gets a candidate.
    peerConnection.addEventListener("icecandidateerror", (event) => {
      const { errorCode, errorText, url } = event;
      this.lastIceError = `ICE server ${url} answered ${errorCode}${errorText ? ` ${errorText}` : ""}`;
      this.lastIceErrorCode = errorCode;
    });
    // PeerJS reacts to iceConnectionState only, which Chromium leaves at "disconnected" when ICE fails.
    peerConnection.addEventListener("connectionstatechange", () => {
      const { connectionState } = peerConnection;
      if (connectionState === "failed" || connectionState === "closed") {
        this.fail(`connection ${connectionState}`, connectionState === "failed" ? "ice-failed" : "connection-lost");
      }
    });
    connection.on("open", () => this.checkOpen());
    connection.on("data", (data) => {
      if (data instanceof ArrayBuffer) this.handlers.onMessage(data);
    });
    connection.on("close", () => this.fail("data connection closed"));
    connection.on("error", (error) => this.fail(`data connection error: ${error.message}`));
  }

  sendReliable(bytes: FrameBytes): boolean {
    if (!this.isOpen) return false;
    void this.connection.send(bytes);
    return true;
  }

  /** Whether the reliable channel is open with room in its send buffer; `onDrain` says when it has room again. */
  canSendReliable(): boolean {
    return this.isOpen && (this.reliableChannel()?.bufferedAmount ?? 0) < RELIABLE_HIGH_WATER;
  }

  /** Drops the message rather than queue it when the channel is not open or its buffer is backed up. */
  sendUnreliable(bytes: FrameBytes): boolean {
    const channel = this.stateChannel;
    if (!this.isOpen || channel?.readyState !== "open" || channel.bufferedAmount > 64 * 1024) return false;
    channel.send(bytes);
    return true;
  }

  /** Why ICE may not have got anywhere, when an ICE server reported an error; for failure reasons. */
  get iceError(): string | undefined {
    return this.lastIceError;
  }

  /**
   * Whether a TURN server refused us (an STUN/TURN error code 300-699: 401 wrong credential, 403, 486 quota...), as
   * opposed to one that did not answer (701), which a network without UDP or IPv6 shows for every unreachable URL.
   */
  get wasRefusedByIceServer(): boolean {
    const code = this.lastIceErrorCode;
    return code !== undefined && code >= 300 && code < 700;
  }

  /**
   * Tells whether the selected candidate pair goes through TURN, and over which transport: once one is selected, and
   * again each time ICE selects another, until the channel ends.
   */
  watchRoute(onRoute: (route: SelectedRoute) => void): void {
    const peerConnection = this.connection.peerConnection as RTCPeerConnection | null;
    if (peerConnection) this.stopWatchingRoute = watchSelectedRoute(peerConnection, onRoute);
  }

  close(): void {
    this.stopWatchingRoute?.();
    this.failed = true;
    this.isOpen = false;
    this.stateChannel?.close();
    this.connection.close();
  }

  private checkOpen(): void {
    if (this.failed || this.isOpen || !this.connection.open || this.stateChannel?.readyState !== "open") return;
    this.isOpen = true;
    const reliable = this.reliableChannel();
    if (reliable) {
      reliable.bufferedAmountLowThreshold = RELIABLE_HIGH_WATER / 4;
      reliable.addEventListener("bufferedamountlow", () => this.handlers.onDrain());
    }
    this.handlers.onOpen();
  }

  /** PeerJS's RTCDataChannel under the DataConnection ("raw" serialization sends straight into it). */
  private reliableChannel(): RTCDataChannel | null | undefined {
    // Typed as always there, but PeerJS sets it only once the channel exists, and clears it on close.
    return (this.connection as { dataChannel?: RTCDataChannel | null }).dataChannel;
  }

  private fail(reason: string, kind: ChannelFailure = "connection-lost"): void {
    if (this.failed) return;
    this.failed = true;
    this.isOpen = false;
    this.handlers.onFailure(reason, kind);
  }
}
