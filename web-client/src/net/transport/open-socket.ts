import type { Socket } from "socket.io-client";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { wireErrorOf } from "./wire-errors.js";

/**
 * One attempt at opening `socket`: resolves once connected; rejects with the server's refusal (a WireError in the
 * `connect_error`, e.g. `unauthorized`), or with `server-unreachable` when the network fails or nothing answers
 * within `timeoutMs`. A failed attempt leaves the socket disconnected, so Socket.IO does not retry by itself.
 */
export function openSocket(socket: Socket, timeoutMs: number): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let stopWatchingEngine = (): void => undefined;
    const fail = (cause?: unknown): void => {
      cleanup();
      socket.disconnect();
      // A refusal by the server's middleware (authentication) carries a WireError; anything else is the network.
      const refusal = wireErrorOf(cause);
      reject(
        refusal
          ? new NetworkError(refusal.code, refusal.message, { cause })
          : new NetworkError(ClientErrorCode.ServerUnreachable, "Cannot reach the Rallypoint server", { cause }),
      );
    };
    const succeed = (): void => {
      cleanup();
      resolve();
    };
    const timer = setTimeout(fail, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off("connect", succeed);
      socket.off("connect_error", fail);
      stopWatchingEngine();
    };
    socket.once("connect", succeed);
    socket.once("connect_error", fail);
    socket.connect();
    // A connection closed before Socket.IO's handshake ends (a proxy, a server going down) gives no connect_error:
    // Socket.IO would wait out its own timeout. Its engine, made by connect(), says so at once.
    // "forced close" is Socket.IO's own doing, as it takes in a refusal: its connect_error follows at once.
    const onEngineClose = (reason: string): void => {
      if (reason !== "forced close") fail(reason);
    };
    const engine = socket.io.engine;
    engine.once("close", onEngineClose);
    stopWatchingEngine = () => engine.off("close", onEngineClose);
  });
}
