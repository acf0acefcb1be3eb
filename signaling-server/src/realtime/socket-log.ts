import type { Logger } from "pino";
import type { SignalingSocket } from "./types.js";

interface CachedLog {
  /** The room and member the logger was made for: a socket that leaves or joins gets a new one. */
  seat: string;
  log: Logger;
}

const cache = new WeakMap<SignalingSocket, CachedLog>();

/**
 * The logger of one connection: every line carries `connection` (the socket id), and `room` and `member` while it
 * is in a room. Made once per socket and seat, not once per line, so the relay's debug lines stay cheap.
 * @example socketLog(context.log, socket).info("member joined")
 */
export function socketLog(root: Logger, socket: SignalingSocket): Logger {
  const { roomCode, memberId } = socket.data;
  const seat = roomCode && memberId ? `${roomCode}/${memberId}` : "";
  const cached = cache.get(socket);
  if (cached?.seat === seat) return cached.log;
  const log = root.child(
    roomCode && memberId ? { connection: socket.id, room: roomCode, member: memberId } : { connection: socket.id },
  );
  cache.set(socket, { seat, log });
  return log;
}
