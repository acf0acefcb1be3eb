import { normalizeRoomCode } from "@rallypoint/protocol";
import type { SignalingSession } from "./signaling-session.js";

/**
 * The seat a page of this tab held as it went away, kept in sessionStorage: that outlives a reload of the tab (and
 * a navigation within it) but not the tab. Written only at `pagehide`, so a tab duplicated from a live page does not
 * inherit a seat it would then fight the original for; taken (read and removed) by the next `joinRoom` of its room,
 * so only one page resumes it. Storage that is missing or refused (a sandboxed frame) keeps nothing.
 */
const KEY = "rallypoint:seat:v1";

interface KeptSeat {
  serverUrl: string;
  session: SignalingSession;
}

/** Keeps the seat for this tab's next page. */
export function rememberSeat(serverUrl: string, session: SignalingSession): void {
  const kept: KeptSeat = { serverUrl, session };
  try {
    storage()?.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Storage full or refused: the reload joins as a newcomer.
  }
}

/** The seat kept for room `code` on `serverUrl`, taken out of storage; undefined when there is none. */
export function takeRememberedSeat(serverUrl: string, code: string): SignalingSession | undefined {
  const kept = read(serverUrl);
  if (kept?.code !== normalizeRoomCode(code)) return undefined;
  storage()?.removeItem(KEY);
  return kept;
}

/** The code of the room whose seat is kept for `serverUrl`, left in storage. */
export function rememberedRoomCode(serverUrl: string): string | undefined {
  return read(serverUrl)?.code;
}

/** Forgets any kept seat (the game created a room, or left on purpose). */
export function forgetSeat(): void {
  storage()?.removeItem(KEY);
}

function read(serverUrl: string): SignalingSession | undefined {
  try {
    const kept = JSON.parse(storage()?.getItem(KEY) ?? "null") as Partial<KeptSeat> | null;
    const session = kept?.session;
    if (kept?.serverUrl !== serverUrl || !isSession(session)) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

/** Enough of a shape check that a value written by another version or by hand cannot break a join. */
function isSession(value: Partial<SignalingSession> | undefined): value is SignalingSession {
  return (
    typeof value?.code === "string" &&
    typeof value.memberId === "string" &&
    typeof value.resumeToken === "string" &&
    typeof value.resumeGraceMs === "number" &&
    typeof value.room?.hostId === "string" &&
    Array.isArray(value.room.members)
  );
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // access itself throws where storage is disabled
  }
}
