import {
  Limits,
  type MemberPropertiesChanged,
  type RoomJoined,
  type RoomPropertiesChanged,
  type RoomSettings,
} from "@rallypoint/protocol";
import type { RoomInfo } from "../network-events.js";
import type { SignalingClient } from "../transport/signaling-client.js";

/** Settings a server that sends none is taken to have: an open private room, any size up to the protocol's caps. */
const OPEN_ROOM: RoomSettings = {
  locked: false,
  capacity: Limits.maxRoomCapacity,
  membersSetProperties: false,
  maxSpectators: Limits.maxSpectators,
  public: false,
};

/** The room as a join or resume answer describes it, lobby included. */
export function roomInfoOf(joined: RoomJoined): RoomInfo {
  const { code, selfId, hostId, members } = joined;
  return { code, selfId, hostId, members, properties: joined.properties ?? {}, settings: joined.settings ?? OPEN_ROOM };
}

/** A copy of the room for the game to read or keep: its members list is its own, so later changes do not show in it. */
export function roomCopy(room: RoomInfo): RoomInfo {
  return { ...room, members: [...room.members] };
}

/** The lobby's server events, each turned into the room it leaves (a new object: the old one is never changed). */
export type LobbyChange =
  | ["room:properties", RoomPropertiesChanged]
  | ["member:properties", MemberPropertiesChanged]
  | ["room:settings", RoomSettings];

/** The manager's events for them. */
export interface LobbyEvents {
  "room-properties-changed": RoomPropertiesChanged;
  "player-properties-changed": MemberPropertiesChanged;
  "room-settings-changed": RoomSettings;
}

/** Follows the lobby's server events: `changed` gets each as a LobbyChange. Returns what stops following. */
export function followLobby(
  signaling: Pick<SignalingClient, "on">,
  changed: (change: LobbyChange) => void,
): () => void {
  const stops = [
    signaling.on("room:properties", (event) => changed(["room:properties", event])),
    signaling.on("member:properties", (event) => changed(["member:properties", event])),
    signaling.on("room:settings", (settings) => changed(["room:settings", settings])),
  ];
  return () => stops.forEach((stop) => stop());
}

/** Tells the game of a lobby change, in the manager's words. */
export function emitLobbyChange(
  emit: <K extends keyof LobbyEvents>(event: K, value: LobbyEvents[K]) => void,
  change: LobbyChange,
): void {
  if (change[0] === "room:properties") emit("room-properties-changed", change[1]);
  else if (change[0] === "member:properties") emit("player-properties-changed", change[1]);
  else emit("room-settings-changed", change[1]);
}

export function nextLobby(room: RoomInfo, change: LobbyChange): RoomInfo {
  switch (change[0]) {
    case "room:properties":
      return { ...room, properties: change[1].properties };
    case "member:properties": {
      const { id, properties } = change[1];
      return {
        ...room,
        members: room.members.map((member) => (member.id === id ? { ...member, properties } : member)),
      };
    }
    case "room:settings":
      return { ...room, settings: change[1] };
  }
}
