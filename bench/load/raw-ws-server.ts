/**
 * Baseline 2 of the load bench: room fan-out over raw WebSockets (`ws`), the floor under any relay in Node. A client
 * names its room in the URL (`/?room=r1`); each binary message goes to everyone else in the room as it came, one
 * websocket frame each. Started by relay-load.ts as a process of its own.
 */
import { createServer } from "node:http";
import { WebSocket, WebSocketServer } from "ws";

const httpServer = createServer((request, response) => {
  response.writeHead(request.url === "/healthz" ? 200 : 404).end();
});
const wss = new WebSocketServer({ server: httpServer, maxPayload: 64 * 1024 });
const rooms = new Map<string, Set<WebSocket>>();

wss.on("connection", (socket, request) => {
  const room = new URL(request.url ?? "/", "http://localhost").searchParams.get("room") ?? "";
  const members = rooms.get(room) ?? new Set<WebSocket>();
  rooms.set(room, members);
  members.add(socket);
  socket.on("message", (data, isBinary) => {
    for (const member of members) {
      if (member !== socket && member.readyState === WebSocket.OPEN) member.send(data, { binary: isBinary });
    }
  });
  socket.on("close", () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(room);
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1");
process.once("SIGTERM", () => {
  for (const socket of wss.clients) socket.terminate();
  process.exit(0);
});
