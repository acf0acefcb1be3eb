import type { ErrorCode } from "@rallypoint/protocol";
import type { ExtendedError } from "socket.io";

/**
 * What a Socket.IO middleware refuses a connection with: the client gets `connect_error` whose `data` is a WireError,
 * so the library rejects `createRoom`/`joinRoom` with that code instead of a bare "server unreachable".
 */
export function handshakeRefusal(code: ErrorCode, message: string): ExtendedError {
  const error: ExtendedError = new Error(message);
  error.data = { code, message };
  return error;
}
