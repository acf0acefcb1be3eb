import type { DisconnectReason } from "socket.io";
import type { ConnectionsPerAddress } from "../security/connections-per-address.js";
import type { EventGuard } from "../security/event-guard.js";
import { relayBytesCounter } from "./relay-handlers.js";
import { dropSeat } from "./room-handlers.js";
import { socketLog } from "./socket-log.js";
import { newSocketData, type RealtimeContext, type SignalingSocket } from "./types.js";
import { stopHiddenHostCheck } from "./visibility-handlers.js";

/** Engine.IO's packets, as far as the heartbeat is concerned. */
interface EnginePacket {
  type: string;
}

/**
 * What the server does with each new socket, made once per server: the socket gets its data object, the event
 * guard's listener and the shared listeners made here, and no closure of its own, so an idle connection costs little
 * more than Socket.IO's. The connection is logged when it opens and closes, and its websocket round trip measured at
 * every heartbeat (the ping the server sends every HEARTBEAT_INTERVAL_MS, to the client's pong) into
 * `network_latency_ms{kind="socket-rtt"}`: that costs nothing extra on the wire, the heartbeat runs anyway.
 */
export function connectionHandlers(
  context: RealtimeContext,
  guard: EventGuard,
  connections: ConnectionsPerAddress,
): (socket: SignalingSocket) => void {
  const countRelayedBytes = relayBytesCounter(context.metrics);
  // Only between a ping and its pong: the Engine.IO connection is the key, the listeners' `this`.
  const pingSentAt = new WeakMap<object, number>();
  function onPacketCreate(this: object, packet: EnginePacket): void {
    if (packet.type === "ping") pingSentAt.set(this, performance.now());
  }
  function onPacket(this: object, packet: EnginePacket): void {
    const sentAt = packet.type === "pong" ? pingSentAt.get(this) : undefined;
    if (sentAt === undefined) return;
    context.metrics.observeLatency("socket-rtt", performance.now() - sentAt);
    pingSentAt.delete(this);
  }
  function onDisconnect(this: SignalingSocket, reason: DisconnectReason): void {
    // First: the line still names the room the socket was in.
    socketLog(context.log, this).info({ address: this.handshake.address, reason }, "disconnected");
    // Socket.IO reports a closed tab and a network cut alike ("transport close"), so both hold the seat.
    dropSeat(context, this);
    stopHiddenHostCheck(this);
    connections.release(this);
  }

  return (socket) => {
    socket.data = newSocketData(socket.data.userId);
    connections.track(socket);
    guard.watch(socket);
    socketLog(context.log, socket).info({ address: socket.handshake.address }, "connected");
    socket.conn.on("packetCreate", onPacketCreate);
    socket.conn.on("packet", onPacket);
    socket.on("disconnect", onDisconnect);
    socket.onAnyOutgoing(countRelayedBytes);
  };
}
