import { isRoomCode, normalizeRoomCode } from "../net/index.js";

/** What the join field holds: a room code, or why it is not one. */
export type CodeField = { ok: true; code: string } | { ok: false; reason: "empty" | "malformed" | "link-without-code" };

/** The demo's invite link for a room: the page with `?room=CODE`, which joins on opening. */
export function inviteLinkFor(code: string, origin: string): string {
  return `${origin}/?room=${code}`;
}

/**
 * The room code in what a player typed or pasted into the join field: a bare code in any case with stray spaces or
 * dashes (`k7m-q2x`), an invite link (`https://host/?room=K7MQ2X`), or a link or fragment ending in `#K7MQ2X`.
 * @example roomCodeFrom("https://play.example/?room=k7mq2x") // { ok: true, code: "K7MQ2X" }
 */
export function roomCodeFrom(input: string): CodeField {
  const text = input.trim();
  if (text === "") return { ok: false, reason: "empty" };
  const link = parseLink(text);
  if (link === undefined) {
    const code = normalizeRoomCode(text);
    return isRoomCode(code) ? { ok: true, code } : { ok: false, reason: "malformed" };
  }
  const candidate = link.searchParams.get("room") ?? link.hash.slice(1);
  if (candidate === "") return { ok: false, reason: "link-without-code" };
  const code = normalizeRoomCode(decodeURIComponent(candidate));
  return isRoomCode(code) ? { ok: true, code } : { ok: false, reason: "malformed" };
}

/** The text as a URL when it looks like a link or a piece of one (scheme, host/path, query, fragment), else undefined. */
function parseLink(text: string): URL | undefined {
  const looksLikeLink = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /[/?#=]/.test(text);
  if (!looksLikeLink) return undefined;
  try {
    // A base makes "?room=X", "#X" and "host.example/?room=X" parse too.
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://invite.invalid/${text.replace(/^\//, "")}`);
  } catch {
    return undefined;
  }
}
