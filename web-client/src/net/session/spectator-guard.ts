import { ErrorCode } from "@rallypoint/protocol";
import type { RoomInfo } from "../network-events.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";

/**
 * Throws `not-in-room` outside a room, and `spectator` for a member that joined to watch
 * (`joinRoom(code, { spectator: true })`): it sends no state, events or lobby changes.
 */
export function assertSender(room: RoomInfo | undefined): asserts room is RoomInfo {
  if (!room) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room first");
  const self = room.members.find((member) => member.id === room.selfId);
  if (self?.spectator) throw new NetworkError(ErrorCode.Spectator, "Spectators only watch: they send nothing");
}

/** The session a send goes through, once assertSender let it. */
export function sendingSession<S extends { room: RoomInfo }>(session: S | undefined): S {
  assertSender(session?.room);
  return session;
}
