import type { Socket as NetSocket } from "node:net";
import type { TestClient } from "./test-server.js";

/** The TCP socket under a client: pausing it stops reading, as a frozen tab or a phone on a dying link would. */
export function tcpOf(client: TestClient): NetSocket {
  // socket.io-client in Node rides on `ws`, which keeps its net.Socket as `_socket`.
  const engine = client.io.engine as unknown as { transport: { ws?: { _socket?: NetSocket } } };
  const tcp = engine.transport.ws?._socket;
  if (!tcp) throw new Error("no TCP socket under this client's websocket");
  return tcp;
}
