import { afterEach, describe, expect, it } from "vitest";
import {
  ErrorCode,
  Limits,
  PROTOCOL_VERSION,
  RoomJoined,
  ServerPaths,
  generateRoomCode,
  isRoomCode,
} from "@rallypoint/protocol";
import {
  closeAll,
  connectMember,
  createRoom,
  expectOk,
  joinRoom,
  nextEvent,
  refusal,
  request,
  requestUnchecked,
  startTestServer,
  type TestServer,
} from "./support/test-server.js";

afterEach(closeAll);

/** The joining member itself, as its ack lists it. */
const memberOf = (joined: RoomJoined) => joined.members.find((member) => member.id === joined.selfId);

async function health(server: TestServer): Promise<unknown> {
  const response = await fetch(`${server.url}${ServerPaths.health}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe("creating and joining rooms", () => {
  it("makes the creator host of a new room with a valid code", async () => {
    const server = await startTestServer();
    const ada = await server.connect();

    const result = await request(ada, "room:create", { protocolVersion: PROTOCOL_VERSION, name: "Ada" });

    const joined = RoomJoined.parse(expectOk(result));
    expect(isRoomCode(joined.code)).toBe(true);
    expect(joined.hostId).toBe(joined.selfId);
    expect(joined.members).toMatchObject([{ id: joined.selfId, name: "Ada" }]);
    expect(joined.iceServers).toEqual([]);
  });

  it("names an unnamed member and hands out the configured ICE servers", async () => {
    const server = await startTestServer({ STUN_URLS: "stun:stun.example.org:3478" });
    const joined = await createRoom(await server.connect());

    expect(memberOf(joined)?.name).toBe("Player");
    expect(joined.iceServers).toEqual([{ urls: ["stun:stun.example.org:3478"] }]);
  });

  it("joins by a code typed in lower case with spaces", async () => {
    const server = await startTestServer();
    const created = await createRoom(await server.connect(), "Ada");
    const typed = `${created.code.slice(0, 3).toLowerCase()} ${created.code.slice(3).toLowerCase()}`;

    const joined = await joinRoom(await server.connect(), typed, "Bob");

    expect(joined.code).toBe(created.code);
    expect(joined.hostId).toBe(created.selfId);
    expect(joined.selfId).not.toBe(created.selfId);
    expect(joined.members.map((member) => member.name)).toEqual(["Ada", "Bob"]);
  });

  it("tells every existing member who joined", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const seen = Promise.all([nextEvent(ada.client, "peer:joined"), nextEvent(bob.client, "peer:joined")]);
    const catJoined = await joinRoom(await server.connect(), ada.code, "Cat");

    expect(await seen).toEqual([memberOf(catJoined), memberOf(catJoined)]);
  });
});

describe("join errors", () => {
  it("answers room-not-found for a code no room has", async () => {
    const server = await startTestServer();

    const result = await request(await server.connect(), "room:join", {
      code: generateRoomCode(),
      protocolVersion: PROTOCOL_VERSION,
    });

    expect(result).toEqual(refusal(ErrorCode.RoomNotFound));
  });

  it("answers room-full once the room holds ROOM_CAPACITY members", async () => {
    const server = await startTestServer({ ROOM_CAPACITY: "2" });
    const { code } = await createRoom(await server.connect());
    await joinRoom(await server.connect(), code);

    const result = await request(await server.connect(), "room:join", { code, protocolVersion: PROTOCOL_VERSION });

    expect(result).toEqual(refusal(ErrorCode.RoomFull));
  });

  it.each([
    ["client", PROTOCOL_VERSION - 1],
    ["server", PROTOCOL_VERSION + 1],
  ] as const)("answers incompatible-version naming the %s as too old", async (side, protocolVersion) => {
    const server = await startTestServer();
    const { code } = await createRoom(await server.connect());
    const client = await server.connect();

    const created = await request(client, "room:create", { protocolVersion });
    const joined = await request(client, "room:join", { code, protocolVersion });

    for (const result of [created, joined]) {
      expect(result).toEqual(refusal(ErrorCode.IncompatibleVersion, `${side} is too old`));
    }
  });

  it("answers already-in-room to a member who creates or joins again", async () => {
    const server = await startTestServer();
    const ada = await server.connect();
    await createRoom(ada);
    const { code } = await createRoom(await server.connect());

    const created = await request(ada, "room:create", { protocolVersion: PROTOCOL_VERSION });
    const joined = await request(ada, "room:join", { code, protocolVersion: PROTOCOL_VERSION });

    for (const result of [created, joined]) {
      expect(result).toEqual(refusal(ErrorCode.AlreadyInRoom));
    }
  });
});

describe("malformed requests", () => {
  const v = PROTOCOL_VERSION;
  const malformed: [event: string, payload: unknown][] = [
    ["room:create", { protocolVersion: String(v) }],
    ["room:create", { name: "Ada" }],
    ["room:create", { protocolVersion: 1.5 }],
    ["room:create", { protocolVersion: v, name: "x".repeat(Limits.maxNameLength + 1) }],
    ["room:create", { protocolVersion: v, name: "   " }],
    ["room:join", { code: 42, protocolVersion: v }],
    ["room:join", { code: "NOT A CODE", protocolVersion: v }],
    ["room:join", { code: generateRoomCode() }],
    ["room:join", { code: generateRoomCode(), protocolVersion: v, name: "x".repeat(Limits.maxNameLength + 1) }],
    ...["room:create", "room:join"].flatMap((event) =>
      [null, undefined, "room", 42, true, []].map((payload): [string, unknown] => [event, payload]),
    ),
  ];

  it.each(malformed)("%s with %j answers invalid-payload", async (event, payload) => {
    const server = await startTestServer();
    const client = await server.connect();

    const result = await requestUnchecked(client, event, payload);

    expect(result).toEqual(refusal(ErrorCode.InvalidPayload));
  });

  it.each(["room:create", "room:join"])("%s without any payload still gets an answer", async (event) => {
    const server = await startTestServer();

    const result = await requestUnchecked(await server.connect(), event);

    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidPayload } });
  });

  it("stays healthy: the same client's next valid request succeeds", async () => {
    // Within its allowance of invalid messages: past it the socket is dropped (security.integration.test.ts).
    const server = await startTestServer({ MAX_INVALID_MESSAGES: String(malformed.length) });
    const client = await server.connect();
    for (const [event, payload] of malformed) await requestUnchecked(client, event, payload);

    const joined = await createRoom(client, "Ada");

    expect(client.connected).toBe(true);
    expect(memberOf(joined)?.name).toBe("Ada");
  });
});

describe("leaving", () => {
  it("room:leave tells the others with reason left", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const seen = nextEvent(ada.client, "peer:left");
    const result = await request(bob.client, "room:leave");

    expect(result).toEqual({ ok: true, data: null });
    expect(await seen).toEqual({ id: bob.id, reason: "left" });
  });

  it("room:leave outside a room answers not-in-room", async () => {
    const server = await startTestServer();

    const result = await request(await server.connect(), "room:leave");

    expect(result).toEqual(refusal(ErrorCode.NotInRoom));
  });

  it("without seat holding, a disconnect tells the others with reason disconnected", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "0" });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const seen = nextEvent(ada.client, "peer:left");
    bob.client.disconnect();

    expect(await seen).toEqual({ id: bob.id, reason: "disconnected" });
  });

  it("hands the host role to the oldest remaining member and tells everyone", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);

    const firstHandOff = Promise.all([nextEvent(bob.client, "host:changed"), nextEvent(cat.client, "host:changed")]);
    await request(ada.client, "room:leave");
    expect(await firstHandOff).toEqual([{ hostId: bob.id }, { hostId: bob.id }]);

    const secondHandOff = nextEvent(cat.client, "host:changed");
    bob.client.disconnect();
    expect(await secondHandOff).toEqual({ hostId: cat.id });
  });

  it("deletes a room when its last member leaves", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    await request(ada.client, "room:leave");

    const result = await request(await server.connect(), "room:join", {
      code: ada.code,
      protocolVersion: PROTOCOL_VERSION,
    });

    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.RoomNotFound } });
  });

  it("without seat holding, deletes a room when its last member disconnects", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "0" });
    const ada = await connectMember(server);
    ada.client.disconnect();
    // Nothing tells a client that the server has seen another client go, so ask the health endpoint.
    await expect.poll(() => health(server)).toMatchObject({ rooms: 0 });

    const result = await request(await server.connect(), "room:join", {
      code: ada.code,
      protocolVersion: PROTOCOL_VERSION,
    });

    expect(result).toMatchObject({ ok: false, error: { code: ErrorCode.RoomNotFound } });
  });
});

describe("GET /healthz", () => {
  it("reports how many rooms and connections the server holds", async () => {
    const server = await startTestServer();
    expect(await health(server)).toMatchObject({ status: "ok", rooms: 0, connections: 0 });

    const ada = await connectMember(server);
    await connectMember(server, ada.code);
    const cat = await connectMember(server);
    expect(await health(server)).toMatchObject({ status: "ok", rooms: 2, connections: 3 });

    await request(cat.client, "room:leave");
    expect(await health(server)).toMatchObject({ rooms: 1, connections: 3 });
  });
});
