import { jsonBytes, Limits, type Properties, type RoomSettings } from "@rallypoint/protocol";
import type { RoomInfo } from "../network-events.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { assertSender } from "./spectator-guard.js";

/**
 * The properties of a room or a player as a game reads them: its own type `P` (what it puts there), every key
 * possibly absent until someone sets it. The values are JSON, so `P`'s should be too.
 */
export type PropertiesOf<P extends object> = Partial<P>;

/** A change to properties: the keys given replace the same keys, and a key set to null is removed. */
export type PropertiesPatch<P extends object> = { [K in keyof P]?: P[K] | null };

/**
 * The lobby of the room a manager is in (`net.lobby`): the room's properties and each player's, and the host's
 * controls. Everything lives on the server, which applies each change atomically and tells the whole room (this
 * player too: `room-properties-changed`, `player-properties-changed`, `room-settings-changed`, `host-changed`,
 * `peer-left` with reason `kicked`). Each call resolves once the server applied it and rejects with a
 * `NetworkError`: `not-in-room`, `not-host` (host controls, and room properties unless the host allows members to
 * set them), `payload-too-large` (room properties over 3 KiB as JSON once applied, a player's over 512 B: a patch
 * over the limit by itself throws at the call), `unknown-peer`, `invalid-payload` (a capacity or spectator limit out
 * of range), `rate-limited` (over the server's 60 lobby changes per 10 s per player; a few a second never are).
 * `RoomProps` and `PlayerProps` are the game's types for them (loose by default).
 * @example
 * type Room = { map: string; rounds: number }; type Player = { ready: boolean; team: "red" | "blue" };
 * const net = new GameNetworkManager<Ship, ShipEvents, Room, Player>();
 * await net.lobby.setMyProperties({ ready: true });
 * if (net.lobby.isHost) await net.lobby.setRoomProperties({ map: "dunes" });
 * const ready = net.room?.members.every((member) => net.lobby.playerProperties(member.id)?.ready);
 */
export class RoomLobby<RoomProps extends object = Properties, PlayerProps extends object = Properties> {
  /**
   * Made by the manager (`net.lobby`): `send` is how its requests reach the server (SignalingClient.request),
   * `currentRoom` the room as the manager follows it.
   */
  constructor(
    private readonly request: (event: `${"room" | "member"}:${string}`, payload: object) => Promise<unknown>,
    private readonly currentRoom: () => RoomInfo | undefined,
  ) {}

  /** The room's properties; empty outside a room. */
  get roomProperties(): PropertiesOf<RoomProps> {
    return (this.currentRoom()?.properties ?? {}) as PropertiesOf<RoomProps>;
  }

  /** A member's properties (this player's too), or undefined for no such member. */
  playerProperties(memberId: string): PropertiesOf<PlayerProps> | undefined {
    const member = this.currentRoom()?.members.find((candidate) => candidate.id === memberId);
    return member && ((member.properties ?? {}) as PropertiesOf<PlayerProps>);
  }

  /** The host's settings, or undefined outside a room. */
  get settings(): RoomSettings | undefined {
    return this.currentRoom()?.settings;
  }

  /** Whether this player is the room's host, the one who may use the host controls. */
  get isHost(): boolean {
    const room = this.currentRoom();
    return room !== undefined && room.hostId === room.selfId;
  }

  /** Patches the room's properties: the host, or anyone once the host allows it (`allowMembersToSetProperties`). */
  async setRoomProperties(patch: PropertiesPatch<RoomProps>): Promise<void> {
    const properties = checked(patch, Limits.maxRoomPropertiesBytes);
    await this.send("room:set-properties", { properties });
  }

  /** Patches this player's own properties (ready, team, colour...). */
  async setMyProperties(patch: PropertiesPatch<PlayerProps>): Promise<void> {
    const properties = checked(patch, Limits.maxMemberPropertiesBytes);
    await this.send("member:set-properties", { properties });
  }

  /** Host only: no one new may join (`room-locked`) until `unlock()`; members and held seats stay. */
  async lock(): Promise<RoomSettings> {
    return this.configure({ locked: true });
  }

  /** Host only: lets new members join again. */
  async unlock(): Promise<RoomSettings> {
    return this.configure({ locked: false });
  }

  /** Host only: the most players, from the players present (and 2) to the server's ROOM_CAPACITY; spectators apart. */
  async setCapacity(capacity: number): Promise<RoomSettings> {
    return this.configure({ capacity });
  }

  /**
   * Host only: the most spectators besides the players, 0 (none) to the server's MAX_SPECTATORS. Spectators already
   * watching stay when it goes below their number; only new ones are refused (`room-full`).
   */
  async setMaxSpectators(maxSpectators: number): Promise<RoomSettings> {
    return this.configure({ maxSpectators });
  }

  /**
   * Host only: makes the room public (listed by `listRooms` and found by `quickJoin` while unlocked and not full) or
   * private (found only by its code) from now on; the listing changes at once.
   */
  async setPublic(isPublic: boolean): Promise<RoomSettings> {
    return this.configure({ public: isPublic });
  }

  /** Host only: whether every member may set the room's properties, not only the host. */
  async allowMembersToSetProperties(allowed: boolean): Promise<RoomSettings> {
    return this.configure({ membersSetProperties: allowed });
  }

  /**
   * Host only: removes a member, whose session ends with `disconnected` reason `kicked`; it may not join this room
   * again for the server's KICK_BAN_MS (5 minutes by default): as the same user, when the server's `authenticate`
   * hook knows its players, else from the same address.
   */
  async kick(memberId: string, reason?: string): Promise<void> {
    await this.send("room:kick", reason === undefined ? { memberId } : { memberId, reason });
  }

  /** Host only: hands the host role to another member whose connection is up. */
  async transferHost(memberId: string): Promise<void> {
    await this.send("room:transfer-host", { memberId });
  }

  /** Every change goes through here: a spectator's is refused at the call (`spectator`), as outside a room. */
  private async send(event: `${"room" | "member"}:${string}`, payload: object): Promise<unknown> {
    assertSender(this.currentRoom());
    return this.request(event, payload);
  }

  private async configure(change: Partial<RoomSettings>): Promise<RoomSettings> {
    return (await this.send("room:configure", change)) as RoomSettings;
  }
}

/** A patch as the wire takes it, refused at the call when it alone is over `maxBytes` as JSON. */
function checked(patch: object, maxBytes: number): Properties {
  const bytes = jsonBytes(patch);
  if (bytes > maxBytes) {
    throw new NetworkError(
      ClientErrorCode.PayloadTooLarge,
      `Properties are ${bytes} bytes as JSON; the limit is ${maxBytes}`,
    );
  }
  return patch as Properties;
}
