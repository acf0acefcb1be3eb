import type { SignalingServer, SignalingSocket } from "../realtime/types.js";

export interface SendBufferBounds {
  /** Packets engine.io holds because the websocket has not taken the previous ones yet. */
  maxPackets: number;
  /** Bytes of those packets plus what the websocket has accepted but the kernel has not (ws's bufferedAmount). */
  maxBytes: number;
}

/**
 * A recipient with more packets than this waiting skips relayed state. Socket.IO's volatile flag would skip it
 * whenever any write is in flight, which at game rates drops snapshots from clients that keep up fine.
 */
export const STATE_SKIP_PACKETS = 16;

interface EngineInternals {
  writeBuffer?: unknown;
  transport?: { socket?: { bufferedAmount?: unknown } };
}

// Neither field is in engine.io's typed surface: its socket's writeBuffer is private, and its websocket transport
// keeps the ws instance as `socket`. Both are read defensively.
function internals(socket: SignalingSocket): EngineInternals {
  return socket.conn as unknown as EngineInternals;
}

function queuedPackets(socket: SignalingSocket): unknown[] {
  const buffer = internals(socket).writeBuffer;
  return Array.isArray(buffer) ? (buffer as unknown[]) : [];
}

/**
 * Whether the socket's outgoing buffers are past their bounds: a client that stopped reading (or reads slower than
 * its room sends) would otherwise make the server hold everything addressed to it.
 */
export function isBackedUp(socket: SignalingSocket, bounds: SendBufferBounds): boolean {
  const queued = queuedPackets(socket);
  if (queued.length > bounds.maxPackets) return true;
  const buffered = internals(socket).transport?.socket?.bufferedAmount;
  let bytes = typeof buffered === "number" ? buffered : 0;
  for (const packet of queued) {
    const data = (packet as { data?: unknown }).data;
    bytes += typeof data === "string" ? data.length : ArrayBuffer.isView(data) ? data.byteLength : 0;
    if (bytes > bounds.maxBytes) return true;
  }
  return bytes > bounds.maxBytes;
}

/** Ids of the sockets in `channels` that have more than STATE_SKIP_PACKETS waiting: they skip the next state. */
export function busySockets(io: SignalingServer, channels: readonly string[]): string[] {
  const namespace = io.of("/");
  const busy: string[] = [];
  for (const channel of channels) {
    for (const id of namespace.adapter.rooms.get(channel) ?? []) {
      const socket = namespace.sockets.get(id);
      if (socket && queuedPackets(socket).length > STATE_SKIP_PACKETS) busy.push(id);
    }
  }
  return busy;
}
