import * as z from "zod/mini";
import { Limits } from "../limits.js";

/** Bytes of a value as JSON, in UTF-8: what a properties limit counts. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength;
}

/**
 * A small JSON object a room or a member carries (a map, a mode, a team, ready...): keys of 1-64 characters, any
 * JSON values. A change is a patch: its keys replace the same keys, and a key set to null is removed.
 */
export const Properties = z.record(
  /* @__PURE__ */ z.string().check(z.minLength(1), z.maxLength(64)),
  z.custom<JsonValue>((value) => isJson(value), { message: "not a JSON value" }),
);
export type Properties = z.infer<typeof Properties>;

/** A value JSON carries as it is: null, a boolean, a finite number, a string, or arrays and plain objects of them. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Whether `value` is a JsonValue, at most 16 levels deep. */
function isJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "boolean" || typeof value === "string") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (depth >= 16 || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((item) => isJson(item, depth + 1));
}

/** Properties of at most `maxBytes` as JSON. */
const propertiesWithin = (maxBytes: number) =>
  Properties.check(z.refine((value) => jsonBytes(value) <= maxBytes, { message: `over ${maxBytes} bytes as JSON` }));

/** A room's properties as a request may carry them: at most Limits.maxRoomPropertiesBytes as JSON. */
export const RoomProperties = /* @__PURE__ */ propertiesWithin(Limits.maxRoomPropertiesBytes);

/** `room:set-properties`: the host (or any member, if the room allows) changes the room's properties. */
export const SetRoomProperties = z.object({ properties: RoomProperties });
export type SetRoomProperties = z.infer<typeof SetRoomProperties>;

/** `member:set-properties`: a member changes its own properties. */
export const SetMemberProperties = z.object({
  properties: /* @__PURE__ */ propertiesWithin(Limits.maxMemberPropertiesBytes),
});
export type SetMemberProperties = z.infer<typeof SetMemberProperties>;

/** What the host decides about its room; `room:configure` changes any of it. */
export const RoomSettings = z.object({
  /** No new joins while locked (`room-locked`); members who are in stay, and seats held for them too. */
  locked: z.boolean(),
  /** Most players (spectators apart); never below the players in the room, nor above the server's ROOM_CAPACITY. */
  capacity: /* @__PURE__ */ z.number().check(z.int(), z.minimum(2), z.maximum(Limits.maxRoomCapacity)),
  /** Whether any member may set the room's properties, not only the host. */
  membersSetProperties: z.boolean(),
  /**
   * Most spectators besides the players; never above the server's MAX_SPECTATORS. Lowering it below the spectators
   * watching keeps them: it only refuses new ones.
   */
  maxSpectators: z.number().check(z.int(), z.minimum(0), z.maximum(Limits.maxSpectators)),
  /** Listed by `room:list` and found by `room:quick-join` (while unlocked and not full); private rooms never are. */
  public: z.boolean(),
});
export type RoomSettings = z.infer<typeof RoomSettings>;

export const ConfigureRoom = z.partial(RoomSettings);
export type ConfigureRoom = z.infer<typeof ConfigureRoom>;

/**
 * `room:kick`: the host removes a member, who may not join the room again for the server's KICK_BAN_MS (as the same
 * user when the server knows user ids, else from the same address).
 */
export const KickMember = z.object({
  memberId: z.string().check(z.minLength(1), z.maxLength(64)),
  reason: z.optional(z.string().check(z.maxLength(128))),
});
export type KickMember = z.infer<typeof KickMember>;

/** `room:transfer-host`: the host hands its role to another connected member. */
export const TransferHost = z.object({ memberId: z.string().check(z.minLength(1), z.maxLength(64)) });
export type TransferHost = z.infer<typeof TransferHost>;

/** `room:properties`: the room's properties after a change, whole, and who changed them. */
export interface RoomPropertiesChanged {
  properties: Properties;
  by: string;
}

/** `member:properties`: a member's properties after it changed them, whole. */
export interface MemberPropertiesChanged {
  id: string;
  properties: Properties;
}

/** `room:kicked`: sent to the member the host removed, just before its sockets are closed. */
export interface Kicked {
  reason?: string;
}
