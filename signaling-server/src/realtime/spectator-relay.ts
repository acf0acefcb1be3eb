import { decodeFrame, type RelaySend } from "@rallypoint/protocol";

/** The frames a link sends on its own, whatever the game does: round-trip probes and acknowledgements. */
const LINK_CONTROL = new Set(["ping", "pong", "ack"]);

/**
 * Whether a spectator may relay this message: only its links' own control frames (ping, pong, ack), which the
 * players' links need back so that their reliable events reach the spectator over the relay too. Game state and
 * events (and their chunks) from a spectator are refused.
 */
export function isSpectatorRelayAllowed(message: RelaySend): boolean {
  return message.channel === "event" && LINK_CONTROL.has(decodeFrame(message.data)?.type ?? "");
}
