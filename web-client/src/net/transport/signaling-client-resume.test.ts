import type { Socket } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { ackOk, type Member, type RoomJoined } from "@rallypoint/protocol";
import { SignalingClient } from "./signaling-client.js";
import { startScriptedServer } from "../testing/scripted-server.js";

// The room view a member sends with room:resume: what a server that restarted without the room rebuilds it from.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const member = (id: string, joinedAt: number): Member => ({ id, name: id.toUpperCase(), joinedAt });
const [ada, bob, carol, dan] = [member("ada", 1), member("bob", 2), member("carol", 3), member("dan", 4)];

const joined: RoomJoined = {
  code: "ABCDEF",
  selfId: "bob",
  hostId: "ada",
  members: [ada, bob],
  iceServers: [],
  iceServersTtlMs: null,
  resumeToken: "resume-token-0123456789",
  resumeGraceMs: 5000,
  peerToken: "peer-token",
};

type Ack = (result: unknown) => void;

describe("SignalingClient room view on resume", () => {
  it("sends the room as it last saw it: joins, leaves and host changes since it entered, in join order", async () => {
    const resumes: unknown[] = [];
    let connections = 0;
    const url = await startScriptedServer(
      (socket: Socket) => {
        connections++;
        socket.on("room:join", (_request, ack: Ack) => {
          ack(ackOk(joined));
          setTimeout(() => {
            socket.emit("peer:joined", carol);
            socket.emit("peer:joined", dan);
            socket.emit("peer:left", { id: "ada", reason: "left" });
            socket.emit("host:changed", { hostId: "carol" });
            socket.emit("peer:reconnecting", { id: "dan" });
            // A restart: the server goes away without a word, as a lost transport.
            setTimeout(() => socket.conn.close(), 50);
          }, 20);
        });
        socket.on("room:resume", (request, ack: Ack) => {
          resumes.push(request);
          ack(ackOk({ ...joined, hostId: "bob", members: [bob, carol] }));
          // The view is reset from the resumed room: a second restart sends what the server answered.
          if (resumes.length === 1) setTimeout(() => socket.conn.close(), 50);
        });
      },
      (close) => cleanups.push(close),
    );
    const client = new SignalingClient({ serverUrl: url, reconnect: { initialDelayMs: 20 } });
    cleanups.push(() => client.close());
    await client.connect();

    await client.enter("room:join", { code: "ABCDEF", name: "Bob" });

    await expect.poll(() => resumes.length, { timeout: 3000 }).toBe(2);
    expect(resumes[0]).toEqual({
      code: "ABCDEF",
      memberId: "bob",
      resumeToken: joined.resumeToken,
      protocolVersion: expect.any(Number) as number,
      room: { hostId: "carol", members: [bob, carol, dan] },
    });
    expect(resumes[1]).toMatchObject({ room: { hostId: "bob", members: [bob, carol] } });
    expect(connections).toBe(3);
  });
});
