import type { DataConnection } from "peerjs";
import type { FrameBytes } from "@rallypoint/protocol";
import type { RelayFanout } from "../transport/relay-fanout.js";
import type { LinkInfo, Via } from "./link-info.js";
import type { NetworkConditioner } from "./network-conditioner.js";
import type { NetworkMode } from "./network-mode.js";
import { PeerLink } from "./peer-link.js";
import type { PeerLinkHost } from "./peer-link-host.js";
import type { PeerLinkConfig } from "./peer-link-config.js";

/** What the links of a mesh need from the session around it; the relay comes from the mesh. */
export type MeshHost = Omit<PeerLinkHost, "relay" | "relayReady">;

/**
 * The links of this member to every other member of its room, one PeerLink per peer, and their shared heartbeat.
 * Exactly one side of each pair dials: the one with the lower id. A state broadcast takes one path: each link on
 * WebRTC sends it on its own channel, and the mesh sends it once to all the links on the relay.
 */
export class PeerMesh {
  private readonly links = new Map<string, PeerLink>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly host: PeerLinkHost;

  constructor(
    private readonly selfId: string,
    private mode: NetworkMode,
    host: MeshHost,
    private readonly relay: RelayFanout,
    private readonly config: PeerLinkConfig,
    private readonly conditioner: NetworkConditioner,
  ) {
    this.host = {
      ...host,
      relay: (id, channel, bytes) => relay.relay([id], this.links.size, channel, bytes),
      relayReady: (bytes, wake) => relay.ready(bytes, wake),
    };
    this.heartbeat = setInterval(() => {
      for (const link of this.links.values()) link.tick();
    }, config.heartbeatIntervalMs);
  }

  /** The link to `peerId`, if it is a member of the room. */
  get(peerId: string): PeerLink | undefined {
    return this.links.get(peerId);
  }

  all(): PeerLink[] {
    return [...this.links.values()];
  }

  infos(): LinkInfo[] {
    return this.all().map((link) => link.info());
  }

  add(peerId: string): void {
    const { selfId, mode, host, config, conditioner } = this;
    this.links.set(peerId, new PeerLink(peerId, selfId < peerId, mode, host, config, conditioner));
  }

  remove(peerId: string): void {
    this.links.get(peerId)?.close();
    this.links.delete(peerId);
  }

  setMode(mode: NetworkMode): void {
    this.mode = mode;
    for (const link of this.links.values()) link.setMode(mode);
  }

  /** A member dialed us; a connection from outside the room is closed. */
  accept(connection: DataConnection): void {
    const link = this.links.get(connection.peer);
    if (link) link.acceptIncoming(connection);
    else connection.close();
  }

  /** Our WebRTC endpoint failed as a whole: every pair falls back to the relay. */
  failWebRTC(reason: string): void {
    for (const link of this.links.values()) link.failWebRTC(reason, "signaling-failed");
  }

  /** After a signaling outage: every pair starts over (see PeerLink.restart). */
  restart(): void {
    for (const link of this.links.values()) link.restart();
  }

  /** A frame from `from`: false when it was malformed, undefined when `from` has no link. */
  receive(from: string, data: unknown, via: Via): boolean | undefined {
    return this.links.get(from)?.receive(data, via);
  }

  /** One encoded state frame to `links`: on each one's data channel, or in one relay:send for all on the relay. */
  sendState(frame: FrameBytes, links: PeerLink[] = this.all()): void {
    const relayed: string[] = [];
    for (const link of links) link.sendState(frame, relayed);
    if (relayed.length > 0) this.relay.relay(relayed, this.links.size, "state", frame);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }
}
