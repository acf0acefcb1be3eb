import type { ErrorCode } from "@rallypoint/protocol";
import type { Logger } from "pino";
import type { ServerMetrics } from "../observability/metrics.js";
import { socketLog } from "../realtime/socket-log.js";
import type { SignalingSocket } from "../realtime/types.js";

/** Sends `server:error` and disconnects; `slow-consumer` discards what is still queued instead of waiting for it. */
export function dropSocket(
  context: { metrics: ServerMetrics; log: Logger },
  socket: SignalingSocket,
  drop: { code: ErrorCode; message: string; reason: "too-many-invalid-messages" | "slow-consumer" },
): void {
  if (!socket.connected) return;
  context.metrics.countSocketDropped(drop.reason);
  socketLog(context.log, socket).warn({ address: socket.handshake.address, reason: drop.reason }, "dropping socket");
  socket.emit("server:error", { code: drop.code, message: drop.message });
  socket.disconnect(true);
  // A consumer that does not read would never drain the buffer that the close otherwise waits for.
  if (drop.reason === "slow-consumer") socket.conn.close(true);
}
