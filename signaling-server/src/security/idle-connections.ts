import type { Logger } from "pino";
import type { SignalingServer } from "../realtime/types.js";

/**
 * Closes this process's connections that have been in no room for `idleTimeoutMs`: they never joined one, or left.
 * The library connects only to create, join or resume a room and closes after leaving, so only clients that are not
 * ours (or broken) stay idle. Checked by a sweep, so a connection goes within the timeout plus a quarter of it.
 * Returns what stops the sweep.
 */
export function closeIdleConnections(io: SignalingServer, idleTimeoutMs: number, log: Logger): () => void {
  const sweep = (): void => {
    const now = Date.now();
    for (const socket of io.of("/").sockets.values()) {
      const { data } = socket;
      if (data.roomCode !== undefined || data.isEntering) {
        data.idleSince = Number.POSITIVE_INFINITY;
        continue;
      }
      // Never seated: idle since it connected. Seated before: idle since this sweep noticed it left.
      if (data.idleSince === undefined) data.idleSince = socket.handshake.issued;
      else if (data.idleSince === Number.POSITIVE_INFINITY) data.idleSince = now;
      if (now - data.idleSince >= idleTimeoutMs) {
        log.info({ connection: socket.id, idleTimeoutMs }, "closing a connection that joined no room");
        socket.disconnect(true);
      }
    }
  };
  const timer = setInterval(sweep, Math.min(5_000, Math.max(25, Math.floor(idleTimeoutMs / 4))));
  timer.unref();
  return () => clearInterval(timer);
}
