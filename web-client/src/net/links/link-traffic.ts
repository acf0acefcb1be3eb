import { asBytes, decodeFrame, type FrameBytes, type PeerFrame, type RelayChannel } from "@rallypoint/protocol";
import { countFrame, emptyLinkStats, type LinkStats, type Via } from "./link-info.js";
import type { ConditionedPipe, NetworkConditioner } from "./network-conditioner.js";
import type { WebRTCChannel } from "./webrtc-channel.js";

/** The two wires a link's frames go out on. */
export interface TrafficPaths {
  /** The data channel of the current WebRTC attempt, if one is open. */
  channel(): WebRTCChannel | undefined;
  relay(lane: RelayChannel, bytes: FrameBytes): void;
}

/**
 * The frames between this client and one peer, both ways and on either path. Every frame passes this client's
 * simulated network conditions (at once when there are none), so they apply to both paths alike, and is counted in
 * `stats` once it went out or came in.
 */
export class LinkTraffic {
  readonly stats: LinkStats = emptyLinkStats();
  private readonly outgoing: ConditionedPipe;
  private readonly incoming: ConditionedPipe;

  constructor(
    conditioner: NetworkConditioner,
    private readonly paths: TrafficPaths,
  ) {
    this.outgoing = conditioner.pipe("outgoing");
    this.incoming = conditioner.pipe("incoming");
  }

  /** Whether outgoing frames leave at once: no simulated conditions hold them. */
  get isClear(): boolean {
    return this.outgoing.isClear;
  }

  /**
   * Puts a frame on `via`'s wire once it has passed the outgoing conditions. A frame that cannot go out is not
   * counted; a reliable one stays in the resend buffer.
   */
  send(lane: RelayChannel, via: Via, bytes: FrameBytes): void {
    // Taken now: a frame already on its way does not jump to a channel that opened while it waited.
    const channel = this.paths.channel();
    this.outgoing.pass(lane === "state" ? "unreliable" : "reliable", () => {
      if (via === "webrtc") {
        const isSent = lane === "state" ? channel?.sendUnreliable(bytes) : channel?.sendReliable(bytes);
        if (isSent !== true) return;
      } else {
        this.paths.relay(lane, bytes);
      }
      countFrame(this.stats, lane, "Out", bytes.byteLength);
    });
  }

  /** Counts a state frame that the mesh sends for this link in its one relay broadcast. */
  sentInBroadcast(byteLength: number): void {
    countFrame(this.stats, "state", "Out", byteLength);
  }

  /**
   * Decodes a frame from the peer and hands it to `handle` once it has passed the incoming conditions. An invalid
   * frame is dropped and reported false.
   */
  receive(data: unknown, handle: (frame: PeerFrame, byteLength: number) => void): boolean {
    const frame = decodeFrame(data);
    if (!frame) return false;
    const lane = frame.type === "state" ? "state" : "event";
    const byteLength = asBytes(data)?.byteLength ?? 0;
    this.incoming.pass(lane === "state" ? "unreliable" : "reliable", () => {
      countFrame(this.stats, lane, "In", byteLength);
      handle(frame, byteLength);
    });
    return true;
  }

  /** Frames held by the conditions are dropped. */
  close(): void {
    this.outgoing.close();
    this.incoming.close();
  }
}
