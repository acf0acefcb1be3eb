import type { WireMessage } from "./martini-wire.js";

/** How many state messages one member who is not the host may have held back at once. */
const HELD_LIMIT = 256;

/**
 * Lets `state_sync` through only from the room's host. martini's runtime applies a `state_sync` from anyone, so
 * after a host change a late diff from the old host would land on top of the new host's full state, and a forged one
 * from any member would be applied as it is.
 *
 * A new host's first state can overtake the server's word that it is host (it comes over WebRTC, the word over the
 * server's socket), so a member's state is held rather than dropped, from a full state on, and released once the
 * server names that member host. Diffs held without a full state before them cannot be applied and are not held.
 */
export class HostGate {
  private readonly held = new Map<string, WireMessage[]>();

  /** Whether `message` from `senderId` may be delivered now; if not, it is held or dropped. */
  admit(message: WireMessage, senderId: string, hostId: string | undefined): boolean {
    if (message.type !== "state_sync" || senderId === hostId) return true;
    if (isFullState(message)) {
      this.held.set(senderId, [message]);
      return false;
    }
    const queue = this.held.get(senderId);
    if (queue && queue.length < HELD_LIMIT) queue.push(message);
    else this.held.delete(senderId); // too many: wait for the next full state
    return false;
  }

  /** The host changed: what its new host sent before, in order. Everything held from anyone else is dropped. */
  release(hostId: string): WireMessage[] {
    const messages = this.held.get(hostId) ?? [];
    this.held.clear();
    return messages;
  }

  /** A member left: drop what it sent. */
  forget(memberId: string): void {
    this.held.delete(memberId);
  }
}

/** A `state_sync` that carries the whole state (`payload.fullState`), rather than patches. */
export function isFullState(message: WireMessage): boolean {
  const payload = message.payload;
  return (
    message.type === "state_sync" &&
    typeof payload === "object" &&
    payload !== null &&
    "fullState" in payload &&
    payload.fullState !== undefined
  );
}
