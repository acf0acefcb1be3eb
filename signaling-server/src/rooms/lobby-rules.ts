import {
  ErrorCode,
  jsonBytes,
  Limits,
  type ConfigureRoom,
  type MemberId,
  type Properties,
  type RoomSettings,
} from "@rallypoint/protocol";
import { banKeysOf } from "./kick-bans.js";
import type { Room } from "./room.js";

/**
 * The lobby's rules: room and member properties and the host's controls, on one room, applied by both room stores
 * as the seat rules are (an operation reads the room, applies the rule to it or to a copy, and saves it only when the
 * rule allowed the change). Each either changes the room and says what it is now, or refuses with the wire's code.
 */
export type LobbyOutcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };
export type LobbyRule<T> = (room: Room | undefined) => LobbyOutcome<T>;

const refuse = (code: ErrorCode, message: string): LobbyOutcome<never> => ({ ok: false, code, message });

/** The host, or any member when `membersSetProperties`, patches the room's properties. */
export function setRoomProperties(by: MemberId, patch: Properties): LobbyRule<Properties> {
  return (room) => {
    if (!room?.has(by)) return refuse(ErrorCode.NotInRoom, "Not in that room");
    if (room.hostId !== by && !room.membersSetProperties) {
      return refuse(ErrorCode.NotHost, "Only the host may set this room's properties");
    }
    const next = patched(room.properties, patch, Limits.maxRoomPropertiesBytes);
    if (!next) return refuse(ErrorCode.PayloadTooLarge, `Room properties over ${Limits.maxRoomPropertiesBytes} bytes`);
    room.properties = next;
    return { ok: true, value: next };
  };
}

/** A member patches its own properties. */
export function setMemberProperties(id: MemberId, patch: Properties): LobbyRule<Properties> {
  return (room) => {
    const member = room?.members.find((candidate) => candidate.id === id);
    if (!member) return refuse(ErrorCode.NotInRoom, "Not in that room");
    const next = patched(member.properties ?? {}, patch, Limits.maxMemberPropertiesBytes);
    if (!next) return refuse(ErrorCode.PayloadTooLarge, `Properties over ${Limits.maxMemberPropertiesBytes} bytes`);
    member.properties = next;
    return { ok: true, value: next };
  };
}

/** The server's ceilings of a room's settings (ROOM_CAPACITY, MAX_SPECTATORS). */
export interface SettingsCeilings {
  capacity: number;
  maxSpectators: number;
}

/**
 * The host changes the room's settings: capacity stays between the players present and the server's; the spectator
 * limit may go below the spectators watching (they stay, new ones are refused). Making the room public or private
 * moves it in or out of the directory in the same write (rooms/room-directory.ts reads `isPublic`).
 */
export function configureRoom(
  by: MemberId,
  change: ConfigureRoom,
  ceilings: SettingsCeilings,
): LobbyRule<RoomSettings> {
  return (room) => {
    if (!room?.has(by)) return refuse(ErrorCode.NotInRoom, "Not in that room");
    if (room.hostId !== by) return refuse(ErrorCode.NotHost, "Only the host may configure this room");
    const { capacity, maxSpectators } = change;
    if (capacity !== undefined && (capacity < room.playerCount || capacity > ceilings.capacity)) {
      const range = `${Math.max(2, room.playerCount)}-${ceilings.capacity}`;
      return refuse(ErrorCode.InvalidPayload, `Capacity must be ${range} (players in the room to the server's cap)`);
    }
    if (maxSpectators !== undefined && maxSpectators > ceilings.maxSpectators) {
      return refuse(ErrorCode.InvalidPayload, `The spectator limit must be 0-${ceilings.maxSpectators} (the server's)`);
    }
    room.capacity = capacity ?? room.capacity;
    room.maxSpectators = maxSpectators ?? room.maxSpectators;
    room.locked = change.locked ?? room.locked;
    room.membersSetProperties = change.membersSetProperties ?? room.membersSetProperties;
    room.isPublic = change.public ?? room.isPublic;
    return { ok: true, value: room.settings };
  };
}

/**
 * The host removes another member, who may not join this room again before `bannedUntil` (by its user id when the
 * server knows one, and its address: rooms/kick-bans.ts). Expired bans are dropped on the way.
 */
export function kickMember(by: MemberId, target: MemberId, now: number, bannedUntil: number): LobbyRule<null> {
  return (room) => {
    if (!room?.has(by)) return refuse(ErrorCode.NotInRoom, "Not in that room");
    if (room.hostId !== by) return refuse(ErrorCode.NotHost, "Only the host may kick");
    if (target === by || !room.has(target)) return refuse(ErrorCode.UnknownPeer, `No other member ${target} here`);
    const origin = room.originOf(target);
    room.remove(target);
    room.bans = Object.fromEntries(Object.entries(room.bans).filter(([, until]) => until > now));
    for (const key of banKeysOf(origin)) room.bans[key] = bannedUntil;
    return { ok: true, value: null };
  };
}

/** The host hands its role to another member whose socket is connected. */
export function transferHost(by: MemberId, target: MemberId): LobbyRule<MemberId> {
  return (room) => {
    if (!room?.has(by)) return refuse(ErrorCode.NotInRoom, "Not in that room");
    if (room.hostId !== by) return refuse(ErrorCode.NotHost, "Only the host may hand the host role on");
    if (target === by || !room.has(target)) return refuse(ErrorCode.UnknownPeer, `No other member ${target} here`);
    if (room.isHeld(target)) return refuse(ErrorCode.UnknownPeer, `${target} is away; pick a connected member`);
    if (room.isSpectator(target)) return refuse(ErrorCode.Spectator, `${target} is a spectator; pick a player`);
    room.hostId = target;
    return { ok: true, value: target };
  };
}

/** `current` with `patch` applied (null removes a key), or null when the result is over `maxBytes` as JSON. */
function patched(current: Properties, patch: Properties, maxBytes: number): Properties | null {
  const merged = Object.entries({ ...current, ...patch }).filter(([, value]) => value !== null);
  const next: Properties = Object.fromEntries(merged);
  return jsonBytes(next) <= maxBytes ? next : null;
}
