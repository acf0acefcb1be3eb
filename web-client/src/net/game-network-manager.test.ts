import { afterEach, describe, expect, it } from "vitest";
import { ackError, ErrorCode } from "@rallypoint/shared";
import { GameNetworkManager } from "./game-network-manager.js";
import { NetworkError } from "./network-error.js";
import { startScriptedServer } from "./testing/scripted-server.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("GameNetworkManager refused a seat", () => {
  it("rejects with the server's reason and closes its connection, so failed attempts hold nothing open", async () => {
    let open = 0;
    const url = await startScriptedServer(
      (socket) => {
        open++;
        socket.on("disconnect", () => open--);
        socket.on("room:join", (_request, ack: (result: unknown) => void) => {
          ack(ackError(ErrorCode.RoomNotFound, "No room with code ABCDEF"));
        });
      },
      (close) => cleanups.push(close),
    );
    const net = new GameNetworkManager({ serverUrl: url });
    cleanups.push(() => net.leave());

    for (let attempt = 0; attempt < 3; attempt++) {
      const refusal = await net.joinRoom("ABCDEF").catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(NetworkError);
      expect((refusal as NetworkError).code).toBe(ErrorCode.RoomNotFound);
    }

    await expect.poll(() => open, { timeout: 2000 }).toBe(0);
  });
});
