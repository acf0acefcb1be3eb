import { Peer, type DataConnection, type LogLevel } from "peerjs";
import { ServerPaths, type IceServer } from "@rallypoint/protocol";
import { Emitter } from "../emitter.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";

export interface WebRTCPeerOptions {
  /** The Rallypoint server; PeerJS signals through its `/peerjs` mount, never through a public PeerJS cloud. */
  serverUrl: string;
  /** Our member id, which is also our PeerJS id. */
  selfId: string;
  /** The secret the room server issued with our id (`RoomJoined.peerToken`); its PeerJS server refuses us without it. */
  peerToken: string;
  /** STUN/TURN servers, as the room server hands them out. */
  iceServers: IceServer[];
  /** RTCPeerConnection's ICE transport policy. Default `"all"`; `"relay"` forces TURN. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** PeerJS's log level, 0 (none) to 3 (all). Default 0. */
  debug?: 0 | 1 | 2 | 3;
}

export type WebRTCPeerEvents = {
  /** A remote member dialed us. */
  connection: DataConnection;
  /** A connection attempt to this member failed for good. */
  "peer-unavailable": string;
  /** The PeerJS side failed as a whole (its server connection, or the browser lacks WebRTC). */
  error: NetworkError;
};

/**
 * Our PeerJS endpoint, pointed at our own server. Hands out DataConnections; the links decide what to do with them.
 */
export class WebRTCPeer extends Emitter<WebRTCPeerEvents> {
  private readonly peer: Peer;
  /** The very object PeerJS keeps as its `config`: it passes it to every new RTCPeerConnection (see setIceServers). */
  private readonly rtcConfig: RTCConfiguration;
  private readonly opened: Promise<void>;

  constructor(options: WebRTCPeerOptions) {
    super();
    const server = new URL(options.serverUrl);
    const secure = server.protocol === "https:";
    this.rtcConfig = { iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy ?? "all" };
    // PeerJS declares its options as a class, but takes a plain object at run time.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    this.peer = new Peer(options.selfId, {
      host: server.hostname,
      port: Number(server.port) || (secure ? 443 : 80),
      path: ServerPaths.peerjs,
      secure,
      token: options.peerToken,
      // PeerJS exports LogLevel as a type only; its values are these numbers.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
      debug: (options.debug ?? 0) as LogLevel,
      config: this.rtcConfig,
    });
    this.opened = new Promise((resolve) => this.peer.once("open", () => resolve()));
    this.peer.on("connection", (connection) => this.emit("connection", connection));
    this.peer.on("error", (error) => {
      if (error.type === "peer-unavailable") {
        // PeerJS names the missing peer only in its message: "Could not connect to peer <id>".
        const peerId = error.message.split(" ").pop() ?? "";
        this.emit("peer-unavailable", peerId);
        return;
      }
      this.emit(
        "error",
        new NetworkError(ClientErrorCode.WebRTC, `WebRTC signaling failed: ${error.message}`, { cause: error }),
      );
    });
  }

  /**
   * Opens a reliable, ordered data connection to a member, once our PeerJS signaling socket is open: PeerJS drops
   * (without a word) any offer sent before that. Never settles if the socket never opens; `error` reports that.
   */
  async connect(peerId: string): Promise<DataConnection> {
    await this.opened;
    // "raw": frames are encoded by the link (frame-codec), so byte counts are exact on every path.
    return this.peer.connect(peerId, { reliable: true, serialization: "raw" });
  }

  /** Whether the PeerJS signaling socket is gone (e.g. the network dropped): no dial can succeed through it. */
  get isDisconnected(): boolean {
    return this.peer.disconnected || this.peer.destroyed;
  }

  /**
   * Uses these ICE servers (renewed TURN credentials) for every connection made from now on; open ones keep theirs.
   * PeerJS fixes its options when the Peer is made, but reads `options.config` each time it creates an
   * RTCPeerConnection (`new RTCPeerConnection(provider.options.config)`), and that is the object we passed it.
   */
  setIceServers(iceServers: IceServer[]): void {
    this.rtcConfig.iceServers = iceServers;
  }

  destroy(): void {
    this.peer.destroy();
    this.removeAll();
  }
}
