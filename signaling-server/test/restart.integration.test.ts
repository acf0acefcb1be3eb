import { afterEach, describe, expect, it } from "vitest";
import {
  ErrorCode,
  PROTOCOL_VERSION,
  ResumeFailedReason,
  type RoomJoined,
  type ResumeRoomRequest,
} from "@rallypoint/protocol";
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

afterEach(closeAll);

const SECRET = "a-session-secret-of-at-least-32-characters";

/** A room of three (Ada hosts, then Bob, then Carol) on a server that is then shut down as a deploy does. */
async function roomThenRestart(env: Record<string, string> = {}): Promise<{ seats: RoomJoined[]; next: TestServer }> {
  const first = await startTestServer({ SESSION_SECRET: SECRET, ...env });
  const ada = await createRoom(await first.connect(), "Ada");
  const bob = await joinRoom(await first.connect(), ada.code, "Bob");
  const carol = await joinRoom(await first.connect(), ada.code, "Carol");
  await first.close({ retryAfterMs: 0 });
  // The same port, as a restarted process listens on.
  const next = await startTestServer({ SESSION_SECRET: SECRET, PORT: String(first.port), ...env });
  return { seats: [ada, bob, carol], next };
}

/** What a member sends to take its seat back: the last RoomJoined it saw is its view of the room. */
const resumeOf = (joined: RoomJoined, overrides: Partial<ResumeRoomRequest> = {}): ResumeRoomRequest => ({
  code: joined.code,
  memberId: joined.selfId,
  resumeToken: joined.resumeToken,
  protocolVersion: PROTOCOL_VERSION,
  room: { hostId: joined.hostId, members: joined.members },
  ...overrides,
});

describe("a restart with the same session secret and no Redis", () => {
  it("gives every member its seat back: same ids, same host, same order", async () => {
    const { seats, next } = await roomThenRestart();
    const [ada, bob, carol] = seats as [RoomJoined, RoomJoined, RoomJoined];

    // Carol's view predates nobody: it is the whole room. Bob comes back first, yet Ada stays host.
    const bobBack = await next.connect();
    const bobAgain = expectOk(await request(bobBack, "room:resume", resumeOf(bob, { room: viewOf(carol) })));
    const carolAgain = expectOk(await request(await next.connect(), "room:resume", resumeOf(carol)));
    const adaResumed = nextEvent(bobBack, "peer:resumed");
    const adaAgain = expectOk(await request(await next.connect(), "room:resume", resumeOf(ada)));

    expect(await adaResumed).toEqual({ id: ada.selfId });
    for (const [before, after] of [
      [bob, bobAgain],
      [carol, carolAgain],
      [ada, adaAgain],
    ] as const) {
      expect(after.selfId).toBe(before.selfId);
      expect(after.code).toBe(ada.code);
      expect(after.hostId).toBe(ada.selfId);
      expect(after.resumeToken).toBe(before.resumeToken);
    }
    expect(adaAgain.members).toEqual(carol.members);
    expect(adaAgain.members.map((member) => member.name)).toEqual(["Ada", "Bob", "Carol"]);
  });

  it("refuses a wrong token, and a view that cannot be true", async () => {
    const { seats, next } = await roomThenRestart();
    const [ada, bob, carol] = seats as [RoomJoined, RoomJoined, RoomJoined];
    const client = await next.connect();
    const refused = (reason: ResumeFailedReason) => ({ ok: false, error: { code: ErrorCode.ResumeFailed, reason } });
    const attempt = (overrides: Partial<ResumeRoomRequest>) =>
      request(client, "room:resume", resumeOf(carol, overrides));

    expect(await attempt({ resumeToken: bob.resumeToken })).toMatchObject(refused(ResumeFailedReason.BadToken));
    const stranger = { id: `ZZZZZZ_${"x".repeat(8)}`, name: "Eve", joinedAt: 0 };
    const lies: ResumeRoomRequest["room"][] = [
      { hostId: ada.selfId, members: [ada, bob].map(memberOf) },
      { hostId: ada.selfId, members: [...carol.members, stranger] },
      { hostId: stranger.id, members: carol.members },
      { hostId: ada.selfId, members: [...carol.members, ...carol.members] },
    ];
    for (const room of lies) expect(await attempt({ room })).toMatchObject(refused(ResumeFailedReason.Unknown));
    // Nothing was restored by the refusals: an honest view still restores the room.
    expect(expectOk(await attempt({})).selfId).toBe(carol.selfId);
  });

  it("puts spectators back as spectators: the first one back restores the room, never takes the host role", async () => {
    // A short grace window: the host's reservation ends with it (the restore window is at most the grace window).
    const env = { SESSION_SECRET: SECRET, MAX_SPECTATORS: "1", RESUME_GRACE_MS: "2000" };
    const first = await startTestServer(env);
    const ada = await createRoom(await first.connect(), "Ada");
    const bob = await joinRoom(await first.connect(), ada.code, "Bob");
    const join = { code: ada.code, protocolVersion: PROTOCOL_VERSION, name: "Watcher", spectator: true };
    const watcher = expectOk(await request(await first.connect(), "room:join", join));
    await first.close({ retryAfterMs: 0 });
    const next = await startTestServer({ ...env, PORT: String(first.port) });

    // A view with more spectators than the server takes cannot be true.
    const extra = { id: `${ada.code}_${"y".repeat(8)}`, name: "Other", joinedAt: 0, spectator: true as const };
    const crowded = { hostId: ada.selfId, members: [...watcher.members, extra] };
    expect(await request(await next.connect(), "room:resume", resumeOf(watcher, { room: crowded }))).toMatchObject({
      ok: false,
      error: { reason: ResumeFailedReason.Unknown },
    });

    const watcherBack = await next.connect();
    const restored = expectOk(await request(watcherBack, "room:resume", resumeOf(watcher)));
    expect(restored.hostId).toBe(ada.selfId);
    expect(restored.members.map((member) => member.spectator === true)).toEqual([false, false, true]);
    expect(restored.settings).toMatchObject({ maxSpectators: 1 });
    const sent = { to: null, channel: "event", data: "cheer" } as const;
    expect(await request(watcherBack, "relay:send", sent)).toMatchObject({ ok: false, error: { code: "spectator" } });

    // Ada never comes back: when the restore window ends the role goes to Bob, the player, not the spectator.
    const bobBack = await next.connect();
    expect(expectOk(await request(bobBack, "room:resume", resumeOf(bob, { room: viewOf(watcher) }))).hostId).toBe(
      ada.selfId,
    );
    const handedOn = nextEvent(watcherBack, "host:changed", 5000);
    expect(await handedOn).toEqual({ hostId: bob.selfId });
  });

  it("refuses a token signed with another secret", async () => {
    const first = await startTestServer({ SESSION_SECRET: SECRET });
    const ada = await createRoom(await first.connect());
    await first.close({ retryAfterMs: 0 });
    const next = await startTestServer({ SESSION_SECRET: `another-${SECRET}` });

    const answer = await request(await next.connect(), "room:resume", resumeOf(ada));
    expect(answer).toMatchObject({ ok: false, error: { reason: ResumeFailedReason.BadToken } });
  });

  it("releases a member who never comes back with peer:left timeout, and the host role moves on", async () => {
    const { seats, next } = await roomThenRestart({ RESUME_GRACE_MS: "1500" });
    const [ada, bob, carol] = seats as [RoomJoined, RoomJoined, RoomJoined];
    const bobBack = await next.connect();
    expectOk(await request(bobBack, "room:resume", resumeOf(bob, { room: viewOf(carol) })));
    expectOk(await request(await next.connect(), "room:resume", resumeOf(carol)));

    const left: unknown[] = [];
    bobBack.on("peer:left", (event) => left.push(event));
    const hostChanged = nextEvent(bobBack, "host:changed", 5000);

    expect(await hostChanged).toEqual({ hostId: bob.selfId });
    await expect.poll(() => left, { timeout: 5000 }).toEqual([{ id: ada.selfId, reason: "timeout" }]);
  });
});

function viewOf(joined: RoomJoined): NonNullable<ResumeRoomRequest["room"]> {
  return { hostId: joined.hostId, members: joined.members };
}

function memberOf(joined: RoomJoined): RoomJoined["members"][number] {
  const member = joined.members.find((candidate) => candidate.id === joined.selfId);
  if (!member) throw new Error("a RoomJoined without its own member");
  return member;
}
