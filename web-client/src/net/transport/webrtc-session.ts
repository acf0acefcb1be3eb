import type { DataConnection } from "peerjs";
import type { RoomJoined } from "@rallypoint/protocol";
import { IceRefresher } from "./ice-refresher.js";
import type { NetworkError } from "../network-error.js";
import { WebRTCPeer } from "./webrtc-peer.js";

/** What the manager does with what our WebRTC endpoint reports. */
export interface WebRTCSessionHandlers {
  /** A member dialed us. */
  incoming(connection: DataConnection): void;
  /** Dialing this member failed for good. */
  unavailable(peerId: string, reason: string): void;
  /** The endpoint failed as a whole: no pair can use WebRTC through it. */
  failed(error: NetworkError): void;
  /** Trouble that leaves the endpoint working (renewing TURN credentials failed). */
  error(error: NetworkError): void;
}

/** Our WebRTC endpoint for one seat in a room: the PeerJS peer, and the renewal of its TURN credentials. */
export interface WebRTCSession {
  connect(peerId: string): Promise<DataConnection>;
  /** Whether its PeerJS signaling socket is gone, so that no dial can get through it. */
  readonly isDisconnected: boolean;
  destroy(): void;
}

/** The manager's options a session reads. */
export interface WebRTCSessionOptions {
  serverUrl: string;
  iceTransportPolicy: RTCIceTransportPolicy;
  peerjsDebug: 0 | 1 | 2 | 3;
}

export function startWebRTCSession(
  joined: RoomJoined,
  options: WebRTCSessionOptions,
  on: WebRTCSessionHandlers,
): WebRTCSession {
  const peer = new WebRTCPeer({
    serverUrl: options.serverUrl,
    selfId: joined.selfId,
    peerToken: joined.peerToken,
    iceServers: joined.iceServers,
    iceTransportPolicy: options.iceTransportPolicy,
    debug: options.peerjsDebug,
  });
  peer.on("connection", (connection) => on.incoming(connection));
  peer.on("peer-unavailable", (peerId) => on.unavailable(peerId, "peer unavailable"));
  peer.on("error", (error) => on.failed(error));
  const iceRefresher = new IceRefresher({
    serverUrl: options.serverUrl,
    peerToken: joined.peerToken,
    onRefresh: (iceServers) => peer.setIceServers(iceServers),
    onError: (error) => on.error(error),
  });
  iceRefresher.start(joined.iceServersTtlMs);
  return {
    connect: (peerId) => peer.connect(peerId),
    get isDisconnected() {
      return peer.isDisconnected;
    },
    destroy: () => {
      iceRefresher.stop();
      peer.destroy();
    },
  };
}
