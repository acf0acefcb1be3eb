/**
 * Baseline 1 of the load bench: the least a Socket.IO relay can be. A client names its room in the handshake query;
 * `relay:send` goes to everyone else in the room as `relay:message`, with the same payload shapes as Rallypoint's
 * relay. No validation, no limits, no acks, no presence. Started by relay-load.ts as a process of its own.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";

const httpServer = createServer((request, response) => {
  response.writeHead(request.url === "/healthz" ? 200 : 404).end();
});
const io = new Server(httpServer, {
  // What Rallypoint's server sets: websocket only, the same message size and heartbeat (its variables, its defaults).
  transports: ["websocket"],
  maxHttpBufferSize: 64 * 1024,
  pingInterval: Number(process.env.HEARTBEAT_INTERVAL_MS ?? 2000),
  pingTimeout: Number(process.env.HEARTBEAT_TIMEOUT_MS ?? 3000),
  serveClient: false,
});

io.on("connection", (socket) => {
  const room = String(socket.handshake.query.room);
  void socket.join(room);
  socket.on("relay:send", (message: { channel: unknown; data: unknown }) => {
    socket.to(room).emit("relay:message", { from: socket.id, channel: message.channel, data: message.data });
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1");
process.once("SIGTERM", () => {
  void io.close();
  process.exit(0);
});
