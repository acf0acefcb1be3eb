import type { SignalingSocket } from "../realtime/types.js";

export interface SendBufferBounds {
  /** Packets engine.io holds because the websocket has not taken the previous ones yet. */
  maxPackets: number;
  /** Bytes the websocket has accepted but the kernel has not (ws's bufferedAmount). */
  maxBytes: number;
}

/**
 * Whether the socket's outgoing buffers are past their bounds: a client that stopped reading (or reads slower than
 * its room sends) would otherwise make the server hold everything addressed to it. State relays are volatile and
 * never queue; events and presence do, so this is checked before relaying to a socket.
 */
export function isBackedUp(socket: SignalingSocket, bounds: SendBufferBounds): boolean {
  // Neither field is in engine.io's typed surface: its socket's writeBuffer is private, and its websocket transport
  // keeps the ws instance as `socket`. Both are read defensively.
  const connection = socket.conn as unknown as {
    writeBuffer?: unknown;
    transport?: { socket?: { bufferedAmount?: unknown } };
  };
  if (Array.isArray(connection.writeBuffer) && connection.writeBuffer.length > bounds.maxPackets) return true;
  const transport = connection.transport;
  const buffered = transport?.socket?.bufferedAmount;
  return typeof buffered === "number" && buffered > bounds.maxBytes;
}
