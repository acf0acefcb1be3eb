import { dropIfBackedUp, type EventGuardContext } from "./event-guard.js";

/** How often every socket of this process has its send buffer checked. */
const SWEEP_INTERVAL_MS = 1_000;

/**
 * Drops this process's sockets whose send buffers are past their bounds, once a second. The event guard checks a
 * relay's recipients as it sends, but only those on the sender's process: with several processes a member can be fed
 * entirely by senders on others, and only its own process sees its buffer. Returns what stops the sweep.
 */
export function sweepSlowConsumers(context: Pick<EventGuardContext, "io" | "limits" | "metrics" | "log">): () => void {
  const timer = setInterval(() => {
    for (const socket of context.io.of("/").sockets.values()) dropIfBackedUp(context, socket);
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
