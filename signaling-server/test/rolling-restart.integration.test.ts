import { afterEach, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type RoomJoined } from "@rallypoint/protocol";
import {
  closeAll,
  createRoom,
  expectOk,
  joinRoom,
  nextEvent,
  request,
  startTestServer,
  type TestServer,
} from "./support/test-server.js";
import { hasRedisServer, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("rolling restart tests");
const redis = useSharedRedis();
afterEach(closeAll);

const resumeOf = (joined: RoomJoined) => ({
  code: joined.code,
  memberId: joined.selfId,
  resumeToken: joined.resumeToken,
  protocolVersion: PROTOCOL_VERSION,
});

describe.runIf(hasRedisServer)("a rolling restart with Redis", () => {
  it("keeps every room: the restarted process's members come back with the same ids, host and order", async () => {
    const env = redis.deployment({ RESUME_GRACE_MS: "10000" });
    const restarting = await startTestServer(env);
    const staying = await startTestServer(env);
    // Room one lives on the process that restarts; room two is shared by both.
    const ada = await createRoom(await restarting.connect(), "Ada");
    const bob = await joinRoom(await restarting.connect(), ada.code, "Bob");
    const cyClient = await staying.connect();
    const cy = await createRoom(cyClient, "Cy");
    const dee = await joinRoom(await restarting.connect(), cy.code, "Dee");
    const seen = await membersOf(cy.code, staying);
    // Room three's host is on the restarting process, with a member still connected on the other one.
    const eve = await createRoom(await restarting.connect(), "Eve");
    const fayClient = await staying.connect();
    const fay = await joinRoom(fayClient, eve.code, "Fay");
    const fayHosts = nextEvent(fayClient, "host:changed");

    await restarting.close({ retryAfterMs: 0 });
    const restarted = await startTestServer({ ...env, PORT: String(restarting.port) });

    const deeResumed = nextEvent(cyClient, "peer:resumed");
    const back = [];
    for (const joined of [bob, ada, dee]) {
      back.push(expectOk(await request(await restarted.connect(), "room:resume", resumeOf(joined))));
    }
    expect(await deeResumed).toEqual({ id: dee.selfId });
    const [bobAgain, adaAgain, deeAgain] = back as [RoomJoined, RoomJoined, RoomJoined];
    expect([bobAgain.selfId, adaAgain.selfId, deeAgain.selfId]).toEqual([bob.selfId, ada.selfId, dee.selfId]);
    expect(adaAgain.hostId).toBe(ada.selfId);
    expect(adaAgain.members.map((member) => member.name)).toEqual(["Ada", "Bob"]);
    expect(deeAgain.hostId).toBe(cy.selfId);
    expect(deeAgain.members).toEqual(seen);
    // A game with a connected player does not wait on a host whose process went away: the role moved at once.
    expect(await fayHosts).toEqual({ hostId: fay.selfId });
  });
});

/** The members of room `code` as a new joiner sees them, minus that joiner (who then leaves). */
async function membersOf(code: string, server: TestServer): Promise<RoomJoined["members"]> {
  const client = await server.connect();
  const joined = await joinRoom(client, code);
  expectOk(await request(client, "room:leave"));
  return joined.members.filter((member) => member.id !== joined.selfId);
}
