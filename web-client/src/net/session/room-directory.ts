import type { Properties, RoomFilter } from "@rallypoint/protocol";
import type { SignalingClient } from "../transport/signaling-client.js";
import type { PropertiesOf } from "./room-lobby.js";

/**
 * How `createRoom` makes a room.
 * @example await net.createRoom({ public: true, properties: { mode: "ffa", map: "dunes" } })
 */
export interface CreateRoomOptions<RoomProps extends object = Properties> {
  /**
   * Listed by `listRooms` and found by `quickJoin` while unlocked and not full; others still join by code.
   * Default false: private, only joined by code.
   */
  public?: boolean;
  /** The room's first properties (JSON, at most 3 KiB as JSON, as `lobby.setRoomProperties`). Default: none. */
  properties?: PropertiesOf<RoomProps>;
}

/**
 * Which public rooms `listRooms` and `quickJoin` consider: the rooms whose properties have each of these values
 * (equal strings, numbers or booleans; at most 8 keys).
 * @example const filter: RoomFilterOf<{ mode: "ffa" | "ctf"; map: string }> = { mode: "ctf" };
 */
export type RoomFilterOf<RoomProps extends object> = {
  [K in keyof RoomProps]?: RoomProps[K] & (string | number | boolean);
};

/**
 * What `listRooms` asks for.
 * @example await net.listRooms({ filter: { mode: "ffa" }, limit: 10 })
 */
export interface ListRoomsOptions<RoomProps extends object = Properties> {
  /** Only rooms with these property values. Default: every public room. */
  filter?: RoomFilterOf<RoomProps>;
  /** The `cursor` of the previous page, for the next one. Default: the first page. */
  cursor?: string;
  /** Most rooms on the page, 1 to 50. Default 20. */
  limit?: number;
}

/**
 * One public room as `listRooms` shows it.
 * @example const label = (room: PublicRoom) => `${room.code} ${room.members}/${room.capacity}`;
 */
export interface PublicRoom<RoomProps extends object = Properties> {
  /** Its code, for `joinRoom`. */
  code: string;
  /** The room's properties as they are now (see `lobby.roomProperties`). */
  properties: PropertiesOf<RoomProps>;
  /** Player seats taken (players connected, and those whose seat is held for their return); spectators apart. */
  members: number;
  /** Most players the room takes (its host may change it: `lobby.setCapacity`). */
  capacity: number;
  /** Spectators watching (see `JoinRoomOptions`); absent from an older server. */
  spectators?: number;
}

/**
 * A page of public rooms: those that have a seat free and are not locked, fewest free seats first. The server looks
 * at a bounded number of rooms per request, so a page may hold fewer than asked while `cursor` is not null; `cursor`
 * is null once there are no more.
 * @example
 * let page = await net.listRooms();
 * while (page.cursor !== null) page = await net.listRooms({ cursor: page.cursor }); // each page's rooms meanwhile
 */
export interface RoomListPage<RoomProps extends object = Properties> {
  /** The page's rooms, fewest free seats first. */
  rooms: PublicRoom<RoomProps>[];
  /** Pass it as `cursor` to `listRooms` for the next page; null when there are no more rooms. */
  cursor: string | null;
}

/**
 * What `quickJoin` looks for.
 * @example await net.quickJoin({ filter: { mode: "ffa" }, create: { properties: { mode: "ffa" } } })
 */
export interface QuickJoinOptions<RoomProps extends object = Properties> {
  /** Only rooms with these property values. Default: any public room. */
  filter?: RoomFilterOf<RoomProps>;
  /**
   * When no matching room has a seat: create a public room with these properties (this player its host). Default:
   * none, and then `quickJoin` rejects with `no-room-found`.
   */
  create?: { properties?: PropertiesOf<RoomProps> };
}

/** A page of public rooms, from a connection opened for it if there is none (it stays open for the next page). */
export async function listPublicRooms<RoomProps extends object>(
  signaling: SignalingClient,
  { filter, cursor, limit }: ListRoomsOptions<RoomProps>,
): Promise<RoomListPage<RoomProps>> {
  await signaling.connect();
  const request = { filter: filter as RoomFilter | undefined, cursor, limit };
  return (await signaling.request("room:list", request)) as RoomListPage<RoomProps>;
}
