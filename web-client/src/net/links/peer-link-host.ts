import type { DataConnection } from "peerjs";
import type { FrameBytes, RelayChannel } from "@rallypoint/protocol";
import type { LinkInfo, Via } from "./link-info.js";

/** One state snapshot as it travels: the sender's sequence number, its shared-time stamp, the game's state. */
export interface StateSnapshot {
  seq: number;
  time: number;
  payload: unknown;
  teleport?: boolean;
}

/** What a link needs from the manager around it. */
export interface PeerLinkHost {
  /** Dials the peer over PeerJS (once our signaling socket is open); only called on the side that dials. */
  dial(peerId: string): Promise<DataConnection>;
  relay(peerId: string, channel: RelayChannel, bytes: FrameBytes): void;
  /** Whether the relay's pace lets a reliable frame of `bytes` go now; if not, `wake` is called once it may. */
  relayReady(bytes: number, wake: () => void): boolean;
  deliverEvent(peerId: string, type: string, payload: unknown, via: Via): void;
  deliverState(peerId: string, snapshot: StateSnapshot, via: Via): void;
  /** The path, the state or the stats that `getLinks()` shows changed in a way worth telling. */
  linkChanged(info: LinkInfo): void;
}
