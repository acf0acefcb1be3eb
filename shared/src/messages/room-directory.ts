import * as z from "zod/mini";
import { Limits } from "../limits.js";
import { Properties, RoomProperties } from "./lobby.js";
import { CreateRoomRequest, RoomJoined } from "./room.js";

/**
 * Which public rooms a listing or a quick join considers: each key names a room property, and the room's value must
 * equal the one given (strings, numbers and booleans; a room without the key does not match). At most
 * Limits.maxRoomFilterKeys keys.
 */
export const RoomFilter = z
  .record(
    z.string().check(z.minLength(1), z.maxLength(64)),
    z.union([z.string().check(z.maxLength(256)), z.number(), z.boolean()]),
  )
  .check(
    z.refine((filter) => Object.keys(filter).length <= Limits.maxRoomFilterKeys, {
      message: `at most ${Limits.maxRoomFilterKeys} keys`,
    }),
  );
export type RoomFilter = z.infer<typeof RoomFilter>;

/**
 * Where a listing goes on: the `cursor` of the previous answer, as it was (free seats, two digits, and a room code).
 * Rooms are listed fewest free seats first, then by code.
 */
export const RoomListCursor = z.string().check(z.regex(/^\d{2}:[A-Z0-9]{1,16}$/, { message: "not a list cursor" }));

/** `room:list`: a page of the public rooms one can join (unlocked, not full). Allowed outside a room. */
export const ListRoomsRequest = z.object({
  filter: z.optional(RoomFilter),
  /** The previous answer's `cursor`, for the next page; absent for the first. */
  cursor: z.optional(RoomListCursor),
  /** Most rooms in the answer, 1 to Limits.maxRoomListPage. Default 20. */
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(Limits.maxRoomListPage))),
});
export type ListRoomsRequest = z.input<typeof ListRoomsRequest>;

/** One public room as a listing shows it. */
export const RoomListing = z.object({
  code: z.string(),
  properties: Properties,
  /** Player seats taken (players connected, and those whose seat is held for their return); no spectators. */
  members: z.number().check(z.int(), z.nonnegative()),
  capacity: z.number().check(z.int(), z.positive()),
  /** Spectators watching; absent from a server without spectators. */
  spectators: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type RoomListing = z.infer<typeof RoomListing>;

/**
 * The answer to `room:list`. A page may hold fewer rooms than asked (even none) while `cursor` is not null: the
 * server looks at a bounded number of rooms per request. `cursor` is null once every room was looked at.
 */
export const RoomList = z.object({ rooms: z.array(RoomListing), cursor: z.nullable(z.string()) });
export type RoomList = z.infer<typeof RoomList>;

/**
 * `room:quick-join`: joins the public room matching `filter` with the fewest free seats (unlocked, not full), or,
 * when none has a seat and `create` is given, creates a public room with `create.properties`; else `no-room-found`.
 */
export const QuickJoinRequest = /* @__PURE__ */ z.extend(
  /* @__PURE__ */ z.pick(CreateRoomRequest, { protocolVersion: true, name: true }),
  {
    filter: z.optional(RoomFilter),
    create: z.optional(z.object({ properties: z.optional(RoomProperties) })),
  },
);
export type QuickJoinRequest = z.input<typeof QuickJoinRequest>;

/** The answer to `room:quick-join`: the room entered, and whether this request created it. */
export const QuickJoined = /* @__PURE__ */ z.extend(RoomJoined, { created: z.boolean() });
export type QuickJoined = z.infer<typeof QuickJoined>;
