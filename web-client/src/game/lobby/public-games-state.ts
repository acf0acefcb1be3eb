import type { PublicRoom } from "../../net/index.js";
import type { DemoRoomProps } from "./lobby-state.js";

/** The demo's game mode: the public games list and quick join only look at rooms of this game. */
export const DEMO_MODE = "tag";

/** The properties a room of the demo starts with, so the public games list can name it. */
export function newRoomProperties(hostName: string): Pick<DemoRoomProps, "name" | "mode"> {
  return { name: `${hostName.trim() || "Player"}'s game`, mode: DEMO_MODE };
}

/** One row of the public games list, as the page shows it. */
export interface GameListing {
  code: string;
  title: string;
  /** "2/8 players" */
  seats: string;
  isAlmostFull: boolean;
}

/** Longest room name shown: properties come from another player's page, unchecked by the server. */
const MAX_TITLE_LENGTH = 40;

/** Reads a listed room defensively (another page set its properties): a name that is not text falls back to its code. */
export function gameListing(room: PublicRoom<DemoRoomProps>): GameListing {
  const name = typeof room.properties.name === "string" ? room.properties.name.trim() : "";
  const title = name === "" ? `Room ${room.code}` : truncate(name, MAX_TITLE_LENGTH);
  return {
    code: room.code,
    title,
    seats: `${room.members}/${room.capacity} ${room.capacity === 1 ? "player" : "players"}`,
    isAlmostFull: room.capacity - room.members <= 1,
  };
}

/** What a screen reader hears when the list changes: only the count, not every row again. */
export function listSummary(count: number): string {
  if (count === 0) return "No public games right now — create one or quick join.";
  return count === 1 ? "1 public game to join." : `${count} public games to join.`;
}

/** Cuts between characters as a reader sees them (an emoji flag or an accented letter stays whole). */
function truncate(text: string, length: number): string {
  const characters = Array.from(new Intl.Segmenter().segment(text), ({ segment }) => segment);
  return characters.length <= length ? text : `${characters.slice(0, length - 1).join("")}…`;
}
