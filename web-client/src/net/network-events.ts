import type {
  HostChanged,
  Member,
  MemberPropertiesChanged,
  PeerLeft,
  Properties,
  RoomPropertiesChanged,
  RoomSettings,
} from "@rallypoint/protocol";
import type { NetworkError } from "./network-error.js";
import type { DisconnectReason } from "./transport/signaling-types.js";
import type { LinkInfo, Via } from "./links/link-info.js";

/**
 * The state type of a manager that was given none: any object, its fields `unknown`.
 * @example
 * const net = new GameNetworkManager(); // GameNetworkManager<LooseState, LooseEvents>
 * const ship = net.getRemoteState(peerId); // LooseState | undefined: check each field before use
 */
export type LooseState = Record<string, unknown>;

/**
 * The event map of a manager that was given none: any event type, any payload.
 * @example
 * const net = new GameNetworkManager(); // GameNetworkManager<LooseState, LooseEvents>
 * net.sendEvent("anything", { at: 1 });
 */
export type LooseEvents = Record<string, unknown>;

/**
 * The event types of an event map: its string keys.
 * @example
 * type Types = EventType<{ tag: { target: string }; chat: { text: string } }>; // "tag" | "chat"
 */
export type EventType<Events extends object> = keyof Events & string;

/**
 * The room as this player sees it: what `createRoom`, `joinRoom` and `net.room` give.
 * @example
 * const room = await net.joinRoom("K7MQ2X");
 * const others = room.members.filter((member) => member.id !== room.selfId);
 */
export interface RoomInfo {
  /** The room's code, as others type it into `joinRoom` (6 characters, e.g. `K7MQ2X`). */
  code: string;
  /** This player's member id. */
  selfId: string;
  /** The host's member id: the oldest member, handed over when the host leaves. */
  hostId: string;
  /** Every member, this player included, oldest first, with its `properties` once set, `spectator: true` if one. */
  members: Member[];
  /** The room's properties (see `lobby`). */
  properties: Properties;
  /** The host's settings of the room: locked, capacity, whether members may set its properties. */
  settings: RoomSettings;
}

/**
 * A reliable game event from another player: one member of the union per event type of `Events`, so checking `type`
 * narrows `payload`. `via` tells which path carried it.
 *
 * The payload comes from another browser as it was sent: the library checks its size and framing, not its type.
 * The type is what the game's own code sends; a game that must not trust its players checks payloads before use.
 * @example
 * type Events = { tag: { target: string }; chat: { text: string } };
 * net.on("event", (event: GameEvent<Events>) => {
 *   if (event.type === "tag") flash(event.payload.target); // payload: { target: string }
 * });
 */
export type GameEvent<Events extends object = LooseEvents> = {
  [K in EventType<Events>]: {
    /** The sender's member id. */
    from: string;
    type: K;
    payload: Events[K];
    /** Which path carried it. */
    via: Via;
  };
}[EventType<Events>];

/**
 * A raw state snapshot from another player (latest-wins, may be dropped), as it arrived.
 * @example
 * net.on("state", ({ from, payload, seq }: StateUpdate<Ship>) => console.log(from, seq, payload.position));
 */
export interface StateUpdate<State extends object = LooseState> {
  /** The sender's member id. */
  from: string;
  /**
   * The sender's state. The fields the `stateSchema` declares are checked for their kind (finite numbers, arrays of
   * them); any other field arrives as the sender sent it.
   */
  payload: State;
  /** Which path carried it. */
  via: Via;
  /** The sender's snapshot counter. */
  seq: number;
  /** When the sender took it, in the room's shared time base (`net.now()`). */
  time: number;
  /** The sender jumped (`setLocalState(state, { teleport: true })`): snap to it rather than glide. */
  teleport: boolean;
}

/**
 * What a player who just became host gets, to take the game's authority over.
 * @example
 * net.onHostMigration(({ previousHostId, lastHostState }: HostMigration<Ship>) => takeOver(lastHostState));
 */
export interface HostMigration<State extends object = LooseState> {
  /** The host before this player. */
  previousHostId: string;
  /** The newest state snapshot received from the previous host, undefined if none came. */
  lastHostState: State | undefined;
}

/**
 * Every event of a `GameNetworkManager`, by name, with the value its listeners get.
 * @example
 * const off = net.on("peer-joined", (member) => console.log(`${member.name} joined`));
 */
export type NetworkEvents<State extends object = LooseState, Events extends object = LooseEvents> = {
  "peer-joined": Member;
  /** `reason`: `left`, `timeout` (its grace window ended), or `disconnected` (the server holds no seats). */
  "peer-left": PeerLeft;
  /**
   * Another member's connection dropped, or its page went away (maybe to reload); its seat is held for the server's
   * grace window (reload window).
   */
  "peer-reconnecting": { id: string };
  /**
   * That member is back, same id; its link starts over on the relay and upgrades again. `restarted`: its page was
   * reloaded and remembers nothing: it gets the reliable events it had not acknowledged again, but nothing older, so
   * send it what a newcomer needs (the host's full game state, say).
   */
  "peer-resumed": { id: string; restarted: boolean };
  "host-changed": HostChanged;
  /** The room's properties changed (`lobby.setRoomProperties`): all of them now, and who changed them. */
  "room-properties-changed": RoomPropertiesChanged;
  /** A player's properties changed (`lobby.setMyProperties`): all of that player's now. */
  "player-properties-changed": MemberPropertiesChanged;
  /** The host changed the room's settings (`lobby.lock()`, `setCapacity`...). */
  "room-settings-changed": RoomSettings;
  /** This player became host (see `onHostMigration`). */
  "host-migration": HostMigration<State>;
  /** Our connection to the server dropped; reconnecting with backoff, links and unsent events kept. */
  reconnecting: { reason: string };
  /** Our seat is back, same id; events sent meanwhile are delivered now. */
  resumed: RoomInfo;
  /** A reliable event from another player; `type` narrows `payload` (see `GameEvent`). */
  event: GameEvent<Events>;
  /** Another player's state as it arrived; draw from `getRemoteState` instead, which interpolates. */
  state: StateUpdate<State>;
  /** A pair's path or state changed (e.g. relay -> webrtc, or `unreachable` in WEBRTC_ONLY). */
  "link-changed": LinkInfo;
  /** Background failures: WebRTC trouble, malformed messages from peers. The session goes on. */
  error: NetworkError;
  /**
   * The session ended without `leave()`; the room is gone for this player: `room-lost` (the server no longer has
   * it, e.g. it restarted), `seat-expired`, `connection-lost` (not back within the grace window),
   * `server-disconnect`, or `kicked` (the host removed this player).
   */
  disconnected: DisconnectReason;
};
