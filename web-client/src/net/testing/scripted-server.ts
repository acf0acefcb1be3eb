import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { socketIoParser } from "@rallypoint/protocol";
import { Server, type Socket } from "socket.io";

/**
 * A real Socket.IO server on a free loopback port that plays the Rallypoint server's part as each test scripts it:
 * for the client's reactions to what the real server only does in rare moments (its last word before a drop, a
 * refusal). Returns its URL; `onClose` gets the function that stops it.
 */
export async function startScriptedServer(
  onConnection: (socket: Socket) => void,
  onClose: (close: () => Promise<void>) => void,
): Promise<string> {
  const httpServer = createServer();
  const io = new Server(httpServer, { transports: ["websocket"], parser: socketIoParser });
  io.on("connection", onConnection);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  onClose(() => new Promise<void>((resolve) => void io.close(() => resolve())));
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
}
