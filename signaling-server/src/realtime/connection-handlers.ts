import type { RealtimeContext, SignalingSocket } from "./types.js";
import { socketLog } from "./socket-log.js";

/** Engine.IO's packets, as far as the heartbeat is concerned. */
interface EnginePacket {
  type: string;
}

/**
 * The life of one connection: logged when it opens and closes, and its websocket round trip measured at every
 * heartbeat (the ping the server sends every HEARTBEAT_INTERVAL_MS, to the client's pong) into
 * `network_latency_ms{kind="socket-rtt"}`. Costs nothing extra on the wire: the heartbeat runs anyway.
 */
export function registerConnectionHandlers(context: RealtimeContext, socket: SignalingSocket): void {
  const address = socket.handshake.address;
  socketLog(context.log, socket).info({ address }, "connected");

  let pingSentAt: number | undefined;
  socket.conn.on("packetCreate", (packet: EnginePacket) => {
    if (packet.type === "ping") pingSentAt = performance.now();
  });
  socket.conn.on("packet", (packet: EnginePacket) => {
    if (packet.type !== "pong" || pingSentAt === undefined) return;
    context.metrics.observeLatency("socket-rtt", performance.now() - pingSentAt);
    pingSentAt = undefined;
  });

  socket.on("disconnect", (reason) => {
    socketLog(context.log, socket).info({ address, reason }, "disconnected");
  });
}
