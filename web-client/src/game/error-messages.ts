import type { NetworkError } from "../net/index.js";

/**
 * What the lobby tells a player when creating or joining a room fails: what happened and what to do, in words,
 * from the library's machine-readable error code.
 * @example showError(errorMessage(error)) // "That room is full. ..."
 */
export function errorMessage(error: Pick<NetworkError, "code" | "message">): string {
  switch (error.code) {
    case "room-not-found":
      return "No room has that code (it may have ended). Check the code, or create a room.";
    case "room-full":
      return "That room is full. Ask someone to leave, or create a room.";
    case "room-locked":
      return "That room is locked: its host is not letting anyone new in. Ask them to unlock it, or create a room.";
    case "kicked":
      return "The host removed you from that room, so you cannot join it again for a few minutes. Create a room of your own, or join another.";
    case "incompatible-version":
      return `This page and the game server speak different protocol versions (${error.message}). Reload the page; if that does not help, the server needs updating.`;
    case "server-unreachable":
      return "Cannot reach the game server. Check your connection and try again.";
    case "timeout":
      return "The game server did not answer in time. Try again.";
    case "invalid-payload":
      return "That is not a valid room code: codes are 6 letters and digits, like K7MQ2X.";
    case "no-room-found":
      return "No public game has a seat free right now: create one, or try again in a moment.";
    case "rate-limited":
      return `Too many attempts from this network: ${error.message}`;
    case "unauthorized":
      return "This game server does not accept players from this page.";
    case "origin-not-allowed":
      return "This game server does not accept pages from this site: its operator must add this page's origin to ALLOWED_ORIGINS.";
    default:
      return error.message;
  }
}
