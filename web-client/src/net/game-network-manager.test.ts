import { afterEach, describe, expect, it } from "vitest";
import { ackError, ackOk, ErrorCode, Limits } from "@rallypoint/protocol";
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

describe("GameNetworkManager on the relay", () => {
  it("sends a state broadcast once to the room, and each peer's events on their own", async () => {
    const sends: { to: unknown; channel: unknown }[] = [];
    const members = ["me", "bob", "cat", "dan"].map((id) => ({ id, name: id, joinedAt: 0 }));
    const url = await startScriptedServer(
      (socket) => {
        socket.on("room:join", (_request, ack: (result: unknown) => void) => {
          const joined = { code: "ABCDEF", selfId: "me", hostId: "bob", members, resumeToken: "r".repeat(32) };
          ack(ackOk({ ...joined, resumeGraceMs: 0, peerToken: "t", iceServers: [], iceServersTtlMs: 60_000 }));
        });
        socket.on("relay:send", (message: { to: unknown; channel: unknown }) => sends.push(message));
        socket.on("room:leave", (ack: (result: unknown) => void) => ack(ackOk(null)));
      },
      (close) => cleanups.push(close),
    );
    const net = new GameNetworkManager({ serverUrl: url, mode: "SIGNALING_ONLY" });
    cleanups.push(() => net.leave());
    await net.joinRoom("ABCDEF");

    net.sendEvent("hit", { damage: 3 });
    // State is volatile: the client drops a snapshot while its socket is busy writing, so send until one is through.
    const states = (): unknown[] => sends.filter(({ channel }) => channel === "state").map(({ to }) => to);
    await expect
      .poll(() => {
        net.sendState({ x: 1 });
        return states().length;
      })
      .toBeGreaterThan(0);

    expect(new Set(states())).toEqual(new Set([null]));
    // Each link numbers its own events: they never share a send (heartbeat pings may follow them).
    const events = sends.filter(({ channel }) => channel === "event").map(({ to }) => to);
    expect(events.slice(0, 3)).toEqual(["bob", "cat", "dan"]);
  });
});

describe("GameNetworkManager with messages over their limits", () => {
  it("refuses them at the call or drops them with an error: nothing oversize reaches the server", async () => {
    const sizes: number[] = [];
    const members = ["me", "bob"].map((id) => ({ id, name: id, joinedAt: 0 }));
    const url = await startScriptedServer(
      (socket) => {
        socket.on("room:join", (_request, ack: (result: unknown) => void) => {
          const joined = { code: "ABCDEF", selfId: "me", hostId: "bob", members, resumeToken: "r".repeat(32) };
          ack(ackOk({ ...joined, resumeGraceMs: 0, peerToken: "t", iceServers: [], iceServersTtlMs: 60_000 }));
        });
        socket.on("relay:send", (message: { data: Uint8Array }) => sizes.push(message.data.byteLength));
        socket.on("room:leave", (ack: (result: unknown) => void) => ack(ackOk(null)));
      },
      (close) => cleanups.push(close),
    );
    const net = new GameNetworkManager({ serverUrl: url, mode: "SIGNALING_ONLY" });
    cleanups.push(() => net.leave());
    await net.joinRoom("ABCDEF");
    const errors: NetworkError[] = [];
    net.on("error", (error) => errors.push(error));
    const big = { blob: "x".repeat(40 * 1024) };

    const huge = { blob: "x".repeat(Limits.maxEventBytes) };

    expect(() => net.sendState(big)).toThrow(expect.objectContaining({ code: "payload-too-large" }) as Error);
    expect(() => net.sendEvent("huge", huge)).toThrow(expect.objectContaining({ code: "payload-too-large" }) as Error);
    net.setLocalState(big);
    await expect.poll(() => errors.map((error) => error.code)).toEqual(["payload-too-large"]);

    // An event over one frame goes in chunks, each within the frame limit.
    net.sendEvent("big", big);
    await expect.poll(() => sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(40 * 1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Limits.maxFrameBytes);
  });
});
