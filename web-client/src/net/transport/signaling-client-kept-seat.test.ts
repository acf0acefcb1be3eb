import type { Socket } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ackError, ackOk, ErrorCode, type RoomJoined } from "@rallypoint/protocol";
import { rememberedRoomCode } from "./seat-memory.js";
import { SignalingClient } from "./signaling-client.js";
import { startScriptedServer } from "../testing/scripted-server.js";

// A reload: the page going away keeps its seat in sessionStorage, the next page of the tab resumes it.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllGlobals();
});

/** sessionStorage as a browser tab has it: it outlives the page, which is what a reload needs. */
class TabStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string): string | null => this.items.get(key) ?? null;
  setItem = (key: string, value: string): void => void this.items.set(key, value);
  removeItem = (key: string): void => void this.items.delete(key);
}
let storage: TabStorage;
beforeEach(() => {
  storage = new TabStorage();
  vi.stubGlobal("sessionStorage", storage);
});

const joined: RoomJoined = {
  code: "ABCDEF",
  selfId: "ABCDEF_bob",
  hostId: "ABCDEF_ada",
  members: [
    { id: "ABCDEF_ada", name: "Ada", joinedAt: 1 },
    { id: "ABCDEF_bob", name: "Bob", joinedAt: 2 },
  ],
  iceServers: [],
  iceServersTtlMs: null,
  resumeToken: "resume-token-0123456789",
  resumeGraceMs: 5000,
  peerToken: "peer-token",
};

type Ack = (result: unknown) => void;

/** A server that seats every join as `joined` and answers resumes with `resumeAnswer`; it records the resumes. */
async function serverAnswering(resumeAnswer: unknown): Promise<{ url: string; resumes: unknown[] }> {
  const resumes: unknown[] = [];
  const url = await startScriptedServer(
    (socket: Socket) => {
      socket.on("room:join", (_request, ack: Ack) => ack(ackOk(joined)));
      socket.on("room:resume", (request, ack: Ack) => {
        resumes.push(request);
        ack(resumeAnswer);
      });
    },
    (close) => cleanups.push(close),
  );
  return { url, resumes };
}

async function pageOf(url: string): Promise<SignalingClient> {
  const client = new SignalingClient({ serverUrl: url });
  cleanups.push(() => client.close());
  await client.connect();
  return client;
}

describe("SignalingClient seat kept across a reload", () => {
  it("keeps the seat as the page goes away; the next page resumes it as restarted, once", async () => {
    const { url, resumes } = await serverAnswering(ackOk(joined));
    const before = await pageOf(url);
    await before.enter("room:join", { code: "ABCDEF" });

    before.pageGone({ keepSeat: true, leave: false });
    expect(rememberedRoomCode(url)).toBe("ABCDEF");
    const after = await pageOf(url);
    const back = await after.resumeKeptSeat("abc-def");

    expect(back?.selfId).toBe("ABCDEF_bob");
    expect(resumes).toEqual([
      expect.objectContaining({
        code: "ABCDEF",
        memberId: "ABCDEF_bob",
        resumeToken: joined.resumeToken,
        restarted: true,
        room: { hostId: "ABCDEF_ada", members: joined.members },
      }),
    ]);
    expect(rememberedRoomCode(url)).toBeUndefined();
    expect(await after.resumeKeptSeat("ABCDEF")).toBeUndefined();
  });

  it("answers undefined when the seat is gone, so the page joins as a newcomer", async () => {
    const { url } = await serverAnswering(ackError(ErrorCode.ResumeFailed, "The seat was released", "expired"));
    const before = await pageOf(url);
    await before.enter("room:join", { code: "ABCDEF" });
    before.pageGone({ keepSeat: true, leave: false });

    expect(await (await pageOf(url)).resumeKeptSeat("ABCDEF")).toBeUndefined();
  });

  it("resumes nothing for another room, another server, or without keepSeat", async () => {
    const { url, resumes } = await serverAnswering(ackOk(joined));
    const before = await pageOf(url);
    await before.enter("room:join", { code: "ABCDEF" });
    before.pageGone({ keepSeat: false, leave: false });
    expect(rememberedRoomCode(url)).toBeUndefined();

    before.pageGone({ keepSeat: true, leave: false });
    const after = await pageOf(url);
    expect(await after.resumeKeptSeat("ZZZZZZ")).toBeUndefined();
    expect(rememberedRoomCode("http://elsewhere.example")).toBeUndefined();
    expect(resumes).toEqual([]);
    expect(rememberedRoomCode(url)).toBe("ABCDEF");
  });

  it("ignores a kept value it cannot read", async () => {
    storage.setItem("rallypoint:seat:v1", '{"serverUrl":1');
    const { url } = await serverAnswering(ackOk(joined));
    expect(rememberedRoomCode(url)).toBeUndefined();
    expect(await (await pageOf(url)).resumeKeptSeat("ABCDEF")).toBeUndefined();
  });
});
