import type { SignalingServer, SignalingSocket } from "../realtime/socket-types.js";

export interface SendBufferBounds {
  /** Packets engine.io holds because the websocket has not taken the previous ones yet. */
  maxPackets: number;
  /** Bytes of those packets plus what the websocket has accepted but the kernel has not (ws's bufferedAmount). */
  maxBytes: number;
}

/**
 * A recipient whose kernel socket buffer is full, with more than this queued in the server on top, skips relayed
 * state: two of the largest relay payloads, about two seconds of a full room's state at 20 Hz. Socket.IO's volatile
 * flag would skip state whenever any write is in flight, which at game rates drops snapshots from clients that keep
 * up fine.
 */
export const STATE_SKIP_BYTES = 32 * 1024;

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
  return queuedPackets(socket).length > bounds.maxPackets || hasQueuedBytesOver(socket, bounds.maxBytes);
}

function bufferedAmount(socket: SignalingSocket): number {
  const buffered = internals(socket).transport?.socket?.bufferedAmount;
  return typeof buffered === "number" ? buffered : 0;
}

/** Whether the bytes of the packets engine.io holds plus the websocket's bufferedAmount exceed `limit`. */
function hasQueuedBytesOver(socket: SignalingSocket, limit: number): boolean {
  let bytes = bufferedAmount(socket);
  if (bytes > limit) return true;
  for (const packet of queuedPackets(socket)) {
    const data = (packet as { data?: unknown }).data;
    bytes += typeof data === "string" ? data.length : ArrayBuffer.isView(data) ? data.byteLength : 0;
    if (bytes > limit) return true;
  }
  return false;
}

/**
 * Whether the socket has a real backlog. Packets alone do not say so: while a busy server works through a burst of
 * messages, engine.io holds each socket's packets until the end of the turn, also for clients
 * that read fine. A client that keeps up has its writes taken by the kernel at once, so its websocket buffers
 * nothing; one that does not leaves bytes in the websocket, and everything after them waits in the server.
 */
function hasBacklog(socket: SignalingSocket): boolean {
  return bufferedAmount(socket) > 0 && hasQueuedBytesOver(socket, STATE_SKIP_BYTES);
}

/** Ids of this process's sockets in `channels` with a real backlog (hasBacklog): they skip the next state. */
export function busySockets(io: SignalingServer, channels: readonly string[]): string[] {
  const namespace = io.of("/");
  const busy: string[] = [];
  for (const channel of channels) {
    for (const id of namespace.adapter.rooms.get(channel) ?? []) {
      const socket = namespace.sockets.get(id);
      if (socket && hasBacklog(socket)) busy.push(id);
    }
  }
  return busy;
}
