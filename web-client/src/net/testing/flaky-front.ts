import { connect, createServer, type AddressInfo, type Socket } from "node:net";

/**
 * A TCP front for a server on `targetPort` that resets the first `resets` connections (as a server restarting or a
 * lossy network does) and passes the later ones through. Counts every connection it sees; `cut` drops the open ones.
 */
export async function startFlakyFront(
  targetPort: number,
  resets: number,
  onClose: (close: () => Promise<void>) => void,
): Promise<{ url: string; connections: () => number; cut: () => void }> {
  let seen = 0;
  const sockets = new Set<Socket>();
  const front = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    seen++;
    if (seen <= resets) {
      socket.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    sockets.add(upstream);
    socket.pipe(upstream).pipe(socket);
    const end = (): void => void (socket.destroy(), upstream.destroy());
    socket.once("error", end);
    upstream.once("error", end);
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  onClose(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => front.close(resolve));
  });
  return {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    connections: () => seen,
    // Drops every open connection, as a network cut does; new ones still get through.
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
