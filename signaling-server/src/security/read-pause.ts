import type { SignalingSocket } from "../realtime/types.js";

/**
 * Longest a socket stays unread at a time: well within the heartbeat's timeout (3 s by default), so a client that
 * went over its relay budget once is slowed, not dropped, as long as what it has queued behind its pong drains in time.
 */
export const MAX_READ_PAUSE_MS = 1000;
/** Shortest pause: shorter ones would resume a flooder to read one more TCP chunk of what it will be refused. */
export const MIN_READ_PAUSE_MS = 50;

interface PausableWebSocket {
  readonly isPaused: boolean;
  pause(): void;
  resume(): void;
}

/** The `ws` WebSocket under engine.io's websocket transport (not in engine.io's typed surface: read defensively). */
function webSocketOf(socket: SignalingSocket): PausableWebSocket | undefined {
  const ws = (socket.conn as unknown as { transport?: { socket?: Partial<PausableWebSocket> } }).transport?.socket;
  return typeof ws?.pause === "function" && typeof ws.resume === "function" ? (ws as PausableWebSocket) : undefined;
}

/**
 * Stops reading the socket's connection for `ms` (clamped to [MIN_READ_PAUSE_MS, MAX_READ_PAUSE_MS]), so that what
 * its client sends waits in the kernel and TCP's flow control slows the sender: a flood past its budget then costs
 * the server nothing to parse. Nothing is lost: it is read in order once the pause ends. Returns false when the
 * socket is paused already (or its transport cannot be paused).
 */
export function pauseReading(socket: SignalingSocket, ms: number): boolean {
  const ws = webSocketOf(socket);
  if (!ws || ws.isPaused) return false;
  ws.pause();
  const timer = setTimeout(() => ws.resume(), Math.min(MAX_READ_PAUSE_MS, Math.max(MIN_READ_PAUSE_MS, ms)));
  timer.unref();
  return true;
}
