import { ClientErrorCode, NetworkError } from "../network-error.js";

/**
 * Sends a request with `send` and resolves with the server's answer (its ack); rejects with `timeout` when none
 * comes within `timeoutMs`, or at once with `server-unreachable` when not connected (Socket.IO would queue it).
 */
export function answerWithin<T>(
  isConnected: boolean,
  timeoutMs: number,
  send: (ack: (result: T) => void) => void,
): Promise<T> {
  if (!isConnected) {
    return Promise.reject(new NetworkError(ClientErrorCode.ServerUnreachable, "Not connected to the server"));
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new NetworkError(ClientErrorCode.Timeout, `The server did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    send((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}
