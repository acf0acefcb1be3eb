import type { HostChanged, Member, PeerLeft } from "@rallypoint/protocol";
import type { NetworkError } from "./network-error.js";
import type { DisconnectReason } from "./signaling-client.js";
import type { LinkInfo, Via } from "./transport/link-info.js";

/** The room as this player sees it. */
export interface RoomInfo {
  code: string;
  selfId: string;
  hostId: string;
  members: Member[];
}

/** A reliable game event from another player. `via` tells which path carried it. */
export interface GameEvent {
  from: string;
  type: string;
  payload: unknown;
  via: Via;
}

/** A raw state snapshot from another player (latest-wins, may be dropped), as it arrived. */
export interface StateUpdate {
  from: string;
  payload: Record<string, unknown>;
  via: Via;
  /** The sender's snapshot counter. */
  seq: number;
  /** When the sender took it, in the room's shared time base (`net.now()`). */
  time: number;
  teleport: boolean;
}

/** What a player who just became host gets, to take the game's authority over. */
export interface HostMigration {
  /** The host before this player. */
  previousHostId: string;
  /** The newest state snapshot received from the previous host, undefined if none came. */
  lastHostState: Record<string, unknown> | undefined;
}

export type NetworkEvents = {
  "peer-joined": Member;
  /** `reason`: `left`, `timeout` (its grace window ended), or `disconnected` (the server holds no seats). */
  "peer-left": PeerLeft;
  /** Another member's connection dropped; its seat is held for the server's grace window. */
  "peer-reconnecting": { id: string };
  /** That member is back, same id; its link starts over on the relay and upgrades again. */
  "peer-resumed": { id: string };
  "host-changed": HostChanged;
  /** This player became host (see `onHostMigration`). */
  "host-migration": HostMigration;
  /** Our connection to the server dropped; reconnecting with backoff, links and unsent events kept. */
  reconnecting: { reason: string };
  /** Our seat is back, same id; events sent meanwhile are delivered now. */
  resumed: RoomInfo;
  event: GameEvent;
  state: StateUpdate;
  /** A pair's path or state changed (e.g. relay -> webrtc, or `unreachable` in WEBRTC_ONLY). */
  "link-changed": LinkInfo;
  /** Background failures: WebRTC trouble, malformed messages from peers. The session goes on. */
  error: NetworkError;
  /**
   * The session ended without `leave()`; the room is gone for this player: `room-lost` (the server no longer has
   * it, e.g. it restarted), `seat-expired`, `connection-lost` (not back within the grace window) or
   * `server-disconnect`.
   */
  disconnected: DisconnectReason;
};
