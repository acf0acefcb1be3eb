import getPort from "get-port";
import { connect, createServer, type Socket } from "node:net";

/** A front door for several server processes, as a TCP load balancer is. */
export interface Balancer {
  /** `http://127.0.0.1:PORT`: what the players load the page from and connect to. */
  url: string;
  close(): Promise<void>;
}

/**
 * A TCP load balancer in a few lines: each connection goes to the first backend that accepts it, in the given
 * order, and bytes are piped both ways (websocket upgrades included: nothing here parses HTTP). So a front
 * `[A, B]` sends everything to A while A is up and to B once A refuses connections: the failover a real balancer
 * does with health checks, without sticky sessions (the servers need none: websocket-only transport).
 */
export async function startBalancer(backendUrls: string[]): Promise<Balancer> {
  const backends = backendUrls.map((url) => Number(new URL(url).port));
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    // Until piped, the client's bytes wait in its (paused) stream.
    client.on("error", () => client.destroy());
    const tryBackend = (index: number): void => {
      const port = backends[index];
      if (port === undefined || client.destroyed) {
        client.destroy();
        return;
      }
      const upstream = connect(port, "127.0.0.1");
      track(upstream);
      let isConnected = false;
      upstream.once("error", () => {
        upstream.destroy();
        // Refused (that backend is down): the next one. Broken after connecting: the client sees it close.
        if (isConnected) client.destroy();
        else tryBackend(index + 1);
      });
      upstream.once("connect", () => {
        isConnected = true;
        upstream.on("close", () => client.destroy());
        client.on("close", () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
    };
    tryBackend(0);
  });
  const port = await getPort({ host: "127.0.0.1" });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
