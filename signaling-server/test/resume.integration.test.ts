import { afterEach, describe, expect, it } from "vitest";
import type { RoomJoined } from "@rallypoint/protocol";
import { ErrorCode, PROTOCOL_VERSION, ResumeFailedReason, type ResumeRoomRequest } from "@rallypoint/protocol";
import {
  closeAll,
  connectClient,
  expectNoEvent,
  expectOk,
  joinRoom,
  createRoom,
  nextEvent,
  refusal,
  request,
  startTestServer,
  type TestClient,
  type TestServer,
} from "./support/test-server.js";
import { metricValue } from "./support/metric-value.js";

afterEach(closeAll);

/** Short, so expiry is quick to test; long enough that a resume in the same test always lands inside it. */
const GRACE_MS = 300;

interface Seated {
  client: TestClient;
  joined: RoomJoined;
}

async function seat(server: TestServer, code?: string): Promise<Seated> {
  const client = await server.connect();
  const joined = code === undefined ? await createRoom(client) : await joinRoom(client, code);
  return { client, joined };
}

const resumeOf = ({ joined }: Seated, overrides: Partial<ResumeRoomRequest> = {}): ResumeRoomRequest => ({
  code: joined.code,
  memberId: joined.selfId,
  resumeToken: joined.resumeToken,
  protocolVersion: PROTOCOL_VERSION,
  ...overrides,
});

describe("holding a seat when a socket drops", () => {
  it("hands every member its own secret resume token and the grace window", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "1234" });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);

    expect(ada.joined.resumeToken.length).toBeGreaterThanOrEqual(32);
    expect(bob.joined.resumeToken).not.toBe(ada.joined.resumeToken);
    expect(bob.joined.resumeGraceMs).toBe(1234);
    expect(JSON.stringify(bob.joined.members)).not.toContain(ada.joined.resumeToken);
  });

  it("tells the others peer:reconnecting, not peer:left", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "5000" });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);

    const reconnecting = nextEvent(ada.client, "peer:reconnecting");
    const noLeave = expectNoEvent(ada.client, "peer:left", 300);
    bob.client.disconnect();

    expect(await reconnecting).toEqual({ id: bob.joined.selfId });
    await noLeave;
  });

  it("gives the seat back to a new socket with the token: same id, the others hear peer:resumed", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "5000" });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);
    const reconnecting = nextEvent(ada.client, "peer:reconnecting");
    bob.client.disconnect();
    await reconnecting;

    const resumed = nextEvent(ada.client, "peer:resumed");
    const bobAgain = await server.connect();
    const joined = expectOk(await request(bobAgain, "room:resume", resumeOf(bob)));

    expect(await resumed).toEqual({ id: bob.joined.selfId });
    expect(joined).toMatchObject({ code: ada.joined.code, selfId: bob.joined.selfId, hostId: ada.joined.selfId });
    expect(joined.members.map((member) => member.id)).toEqual([ada.joined.selfId, bob.joined.selfId]);

    // The relay reaches the resumed member again, both ways.
    const toBob = nextEvent(bobAgain, "relay:message");
    expectOk(await request(ada.client, "relay:send", { to: bob.joined.selfId, channel: "event", data: "hi" }));
    expect(await toBob).toEqual({ from: ada.joined.selfId, channel: "event", data: "hi" });
    const toAda = nextEvent(ada.client, "relay:message");
    expectOk(await request(bobAgain, "relay:send", { to: null, channel: "event", data: "back" }));
    expect(await toAda).toEqual({ from: bob.joined.selfId, channel: "event", data: "back" });
  });

  it("takes the seat over from an old socket the server still thinks alive", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "5000" });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);

    const oldDropped = new Promise<string>((resolve) => bob.client.once("disconnect", resolve));
    const noLeave = expectNoEvent(ada.client, "peer:left", 300);
    const joined = expectOk(await request(await server.connect(), "room:resume", resumeOf(bob)));

    expect(joined.selfId).toBe(bob.joined.selfId);
    expect(await oldDropped).toBe("io server disconnect");
    await noLeave;
  });

  it("refuses a wrong token, an unknown member and an unknown room with resume-failed and the reason", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "5000" });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);
    bob.client.disconnect();
    await nextEvent(ada.client, "peer:reconnecting");
    const client = await server.connect();

    const cases = [
      [{ resumeToken: ada.joined.resumeToken }, ResumeFailedReason.BadToken],
      [{ memberId: "someone-else" }, ResumeFailedReason.Expired],
      [{ code: ada.joined.code === "ZZZZZZ" ? "YYYYYY" : "ZZZZZZ" }, ResumeFailedReason.Unknown],
    ] as const;
    for (const [overrides, reason] of cases) {
      expect(await request(client, "room:resume", resumeOf(bob, overrides))).toEqual({
        ...refusal(ErrorCode.ResumeFailed),
        error: expect.objectContaining({ code: ErrorCode.ResumeFailed, reason }) as unknown,
      });
    }
    // The seat is still held for its rightful owner.
    expect(expectOk(await request(client, "room:resume", resumeOf(bob))).selfId).toBe(bob.joined.selfId);
  });

  it("refuses resuming at another protocol version, and from a socket already in a room", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "5000" });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);

    const versioned = await request(await server.connect(), "room:resume", resumeOf(bob, { protocolVersion: 0 }));
    const seated = await request(ada.client, "room:resume", resumeOf(bob));

    expect(versioned).toEqual(refusal(ErrorCode.IncompatibleVersion));
    expect(seated).toEqual(refusal(ErrorCode.AlreadyInRoom));
  });
});

describe("the end of the grace window", () => {
  it("releases the seat with peer:left reason timeout; resuming after it answers expired", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: String(GRACE_MS) });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);

    const left = nextEvent(ada.client, "peer:left", GRACE_MS + 2000);
    bob.client.disconnect();

    expect(await left).toEqual({ id: bob.joined.selfId, reason: "timeout" });
    const result = await request(await server.connect(), "room:resume", resumeOf(bob));
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.ResumeFailed, reason: "expired" } });
  });

  it("moves the host role at once when the host drops, and it stays moved when the host resumes", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "5000" });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);
    const cat = await seat(server, ada.joined.code);

    const handOff = Promise.all([nextEvent(bob.client, "host:changed"), nextEvent(cat.client, "host:changed")]);
    const droppedAt = Date.now();
    ada.client.disconnect();
    expect(await handOff).toEqual([{ hostId: bob.joined.selfId }, { hostId: bob.joined.selfId }]);
    expect(Date.now() - droppedAt).toBeLessThan(1000);

    const joined = expectOk(await request(await server.connect(), "room:resume", resumeOf(ada)));
    expect(joined.hostId).toBe(bob.joined.selfId);
  });

  it("hands the host role to the oldest connected member, skipping held seats", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: String(GRACE_MS) });
    const ada = await seat(server);
    const bob = await seat(server, ada.joined.code);
    const cat = await seat(server, ada.joined.code);
    bob.client.disconnect();
    await nextEvent(cat.client, "peer:reconnecting");

    const handOff = nextEvent(cat.client, "host:changed");
    ada.client.disconnect();

    expect(await handOff).toEqual({ hostId: cat.joined.selfId });
  });

  it("keeps a room whose members are all away until the last seat expires", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: String(GRACE_MS) });
    const ada = await seat(server);
    ada.client.disconnect();
    // Resumed once the server holds the seat (the room has nobody connected), well inside the grace window.
    await expect.poll(() => metricValue(server.url, 'room_members{state="held"}'), { interval: 10 }).toBe(1);

    const back = expectOk(await request(await server.connect(), "room:resume", resumeOf(ada)));
    expect(back.selfId).toBe(ada.joined.selfId);
  });
});

describe("shutting down", () => {
  it("tells every client server:shutdown before closing their sockets, and closes within its bound", async () => {
    const server = await startTestServer();
    const ada = await seat(server);
    const lobby = await connectClient(server.url);

    const notices = Promise.all([nextEvent(ada.client, "server:shutdown"), nextEvent(lobby, "server:shutdown")]);
    const dropped = new Promise((resolve) => ada.client.once("disconnect", resolve));
    const startedAt = Date.now();
    await server.close({ timeoutMs: 1000 });

    expect(await notices).toEqual([{ retryAfterMs: 2000 }, { retryAfterMs: 2000 }]);
    await dropped;
    expect(Date.now() - startedAt).toBeLessThan(1500);
    await expect(connectClient(server.url)).rejects.toThrow(/Could not connect/);
  });
});
