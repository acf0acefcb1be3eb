import type { Logger } from "pino";
import type { SignalingServer, SignalingSocket } from "../realtime/types.js";

/**
 * Closes this process's connections that have been in no room for `idleTimeoutMs`: they never joined one, or left.
 * The library connects only to create, join or resume a room and closes after leaving, so only clients that are not
 * ours (or broken) stay idle. Checked by a sweep, so a connection goes within the timeout plus a quarter of it.
 * Returns what stops the sweep.
 */
export function closeIdleConnections(io: SignalingServer, idleTimeoutMs: number, log: Logger): () => void {
  const idleSince = new WeakMap<SignalingSocket, number>();
  const sweep = (): void => {
    const now = Date.now();
    for (const socket of io.of("/").sockets.values()) {
      if (socket.data.roomCode !== undefined || socket.data.isEntering) {
        idleSince.set(socket, Number.POSITIVE_INFINITY);
        continue;
      }
      const since = idleSince.get(socket);
      // Never seated: idle since it connected. Seated before: idle since this sweep noticed it left.
      if (since === undefined) idleSince.set(socket, socket.handshake.issued);
      else if (since === Number.POSITIVE_INFINITY) idleSince.set(socket, now);
      if (now - (idleSince.get(socket) ?? now) >= idleTimeoutMs) {
        log.info({ connection: socket.id, idleTimeoutMs }, "closing a connection that joined no room");
        socket.disconnect(true);
      }
    }
  };
  const timer = setInterval(sweep, Math.min(5_000, Math.max(25, Math.floor(idleTimeoutMs / 4))));
  timer.unref();
  return () => clearInterval(timer);
}
