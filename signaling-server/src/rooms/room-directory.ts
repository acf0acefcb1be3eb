import type { Properties, RoomFilter, RoomList, RoomListing } from "@rallypoint/protocol";
import type { Room } from "./room.js";

/**
 * The directory of public rooms: the rooms one can join without a code (`room:list`, `room:quick-join`). A room is
 * listed while it is public, unlocked and not full, under its entry: its free seats (two digits) and its code, so the
 * entries' order is the listing's, fewest free seats first. Both room stores keep their listed rooms in that order
 * (the Redis one in a sorted set it updates in the same atomic write as the room), and the functions below page
 * through it the same way for both.
 */

/** Rooms in a `room:list` answer when the request says no `limit`. */
export const DEFAULT_LIST_LIMIT = 20;
/** Most rooms one request looks at, whatever its filter: bounds a request's work however many rooms are listed. */
export const MAX_SCANNED_ROOMS = 200;
/** Rooms read from the store at a time while scanning. */
const SCAN_BATCH = 50;
/** Most rooms a quick join tries to enter, in order, when the ones before filled or locked meanwhile. */
export const MAX_QUICK_JOIN_TRIES = 5;

/** A listed room at its place in the directory; `room` is undefined when it changed and is no longer listed. */
export interface DirectorySlot {
  entry: string;
  room: Room | undefined;
}

/** What the directory needs of a room store: its listed rooms in entry order, after `after` (null: from the start). */
export interface RoomDirectorySource {
  listedRooms(after: string | null, count: number): Promise<DirectorySlot[]>;
}

/** The room's directory entry, or null when it is not listed (private, locked, full, or gone). */
export function directoryEntry(room: Room | undefined): string | null {
  if (!room?.isPublic || room.locked || room.isFull) return null;
  return `${String(room.capacity - room.playerCount).padStart(2, "0")}:${room.code}`;
}

/** Whether every key of the filter is a property of the room with the same value. */
export function matchesFilter(properties: Properties, filter: RoomFilter | undefined): boolean {
  return Object.entries(filter ?? {}).every(
    ([key, value]) => Object.hasOwn(properties, key) && properties[key] === value,
  );
}

/** One page of the listed rooms that match `filter`, from `cursor` on. */
export async function listRooms(
  source: RoomDirectorySource,
  request: { filter?: RoomFilter | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<RoomList> {
  const limit = request.limit ?? DEFAULT_LIST_LIMIT;
  const rooms: RoomListing[] = [];
  const cursor = await scan(source, request.cursor ?? null, (room) => {
    if (matchesFilter(room.properties, request.filter)) rooms.push(listingOf(room));
    return rooms.length < limit;
  });
  return { rooms, cursor };
}

/** The codes of the listed rooms that match `filter` a quick join should try, fewest free seats first. */
export async function quickJoinCandidates(
  source: RoomDirectorySource,
  filter: RoomFilter | undefined,
): Promise<string[]> {
  const codes: string[] = [];
  await scan(source, null, (room) => {
    if (matchesFilter(room.properties, filter)) codes.push(room.code);
    return codes.length < MAX_QUICK_JOIN_TRIES;
  });
  return codes;
}

/**
 * Hands each listed room after `after` to `visit` until it returns false or MAX_SCANNED_ROOMS were looked at.
 * Returns the entry to go on from, or null when the directory has no more.
 */
async function scan(
  source: RoomDirectorySource,
  after: string | null,
  visit: (room: Room) => boolean,
): Promise<string | null> {
  let position = after;
  for (let scanned = 0; scanned < MAX_SCANNED_ROOMS;) {
    const count = Math.min(SCAN_BATCH, MAX_SCANNED_ROOMS - scanned);
    const slots = await source.listedRooms(position, count);
    for (const [index, { entry, room }] of slots.entries()) {
      scanned++;
      position = entry;
      if (room && !visit(room)) return slots.length < count && index === slots.length - 1 ? null : position;
    }
    if (slots.length < count) return null;
  }
  return position;
}

function listingOf(room: Room): RoomListing {
  return {
    code: room.code,
    properties: room.properties,
    members: room.playerCount,
    capacity: room.capacity,
    spectators: room.spectatorCount,
  };
}
