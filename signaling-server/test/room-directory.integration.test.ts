import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, PROTOCOL_VERSION, type Properties, type RoomFilter } from "@rallypoint/protocol";
import {
  closeAll,
  connectMember,
  expectOk,
  refusal,
  request,
  requestUnchecked,
  startTestServer,
  type TestClient,
} from "./support/test-server.js";
import { inMemoryAndInRedis, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("public rooms over two servers");
const redis = useSharedRedis();
afterEach(closeAll);

/** Rooms of 3, and room limits a test that opens many rooms from one address stays within. */
const ENV = {
  ROOM_CAPACITY: "3",
  MAX_ROOMS_PER_IP: "100",
  ROOM_CREATES_PER_MINUTE: "200",
  JOIN_ATTEMPTS_PER_MINUTE: "200",
};

/** The directory is the same in memory and in Redis: every test runs on both, the Redis one over two servers. */
const deployments = inMemoryAndInRedis(redis, ENV);

const create = (client: TestClient, options: { public?: boolean; properties?: Properties } = {}) =>
  request(client, "room:create", { protocolVersion: PROTOCOL_VERSION, ...options }).then(expectOk);

const quickJoin = (client: TestClient, options: { filter?: RoomFilter; create?: { properties?: Properties } } = {}) =>
  request(client, "room:quick-join", { protocolVersion: PROTOCOL_VERSION, ...options });

const list = async (client: TestClient, options: { filter?: RoomFilter; cursor?: string; limit?: number } = {}) =>
  expectOk(await request(client, "room:list", options));

/** The codes a listing shows, in its order. */
const codesOf = async (client: TestClient, filter?: RoomFilter) =>
  (await list(client, filter && { filter })).rooms.map((room) => room.code);

for (const [where, runs, deploy] of deployments) {
  describe.runIf(runs)(`public rooms, ${where}`, () => {
    it("lists public rooms (code, properties, members, capacity) to a client in no room; never private ones", async () => {
      const [first, second] = await deploy();
      const open = await create(await first.connect(), { public: true, properties: { mode: "ffa", map: "dunes" } });
      await create(await first.connect());
      await create(await first.connect(), { public: false });
      const visitor = await second.connect();

      expect(await list(visitor)).toEqual({
        rooms: [{ code: open.code, properties: { mode: "ffa", map: "dunes" }, members: 1, capacity: 3, spectators: 0 }],
        cursor: null,
      });
      expect(open.properties).toEqual({ mode: "ffa", map: "dunes" });
    });

    it("leaves out locked and full rooms, and lists them again once unlocked or with a seat free", async () => {
      const [first, second] = await deploy();
      const host = await first.connect();
      const { code } = await create(host, { public: true });
      const visitor = await second.connect();

      expectOk(await request(host, "room:configure", { locked: true }));
      expect(await codesOf(visitor)).toEqual([]);
      expectOk(await request(host, "room:configure", { locked: false }));
      expect(await codesOf(visitor)).toEqual([code]);

      await connectMember(second, code);
      const third = await connectMember(first, code);
      expect(await codesOf(visitor)).toEqual([]);
      expectOk(await request(third.client, "room:leave"));
      expect((await list(visitor)).rooms).toEqual([expect.objectContaining({ code, members: 2 })]);
    });

    it("lists a private room the host makes public, at once, and forgets a public one made private", async () => {
      const [first, second] = await deploy();
      const host = await first.connect();
      const { code, settings } = await create(host, { properties: { mode: "ffa" } });
      expect(settings).toMatchObject({ public: false });
      const visitor = await second.connect();
      expect(await codesOf(visitor)).toEqual([]);

      const told = expectOk(await request(host, "room:configure", { public: true }));
      expect(told).toMatchObject({ public: true });
      expect(await codesOf(visitor)).toEqual([code]);
      const found = expectOk(await quickJoin(visitor, { filter: { mode: "ffa" } }));
      expect(found).toMatchObject({ code, created: false, settings: { public: true } });

      expectOk(await request(host, "room:configure", { public: false }));
      expect(await codesOf(await second.connect())).toEqual([]);
      expect(await quickJoin(await second.connect(), { filter: { mode: "ffa" } })).toEqual(
        refusal(ErrorCode.NoRoomFound),
      );
      // Private again, it is still joined by its code.
      expectOk(await request(await second.connect(), "room:join", { code, protocolVersion: PROTOCOL_VERSION }));
    });

    it("counts a dropped member's held seat until its grace window ends, then lists the room again", async () => {
      const [first, second] = await deploy({ RESUME_GRACE_MS: "2000" });
      const host = await first.connect();
      const { code } = await create(host, { public: true });
      await connectMember(second, code);
      const leaver = await connectMember(first, code);
      const visitor = await second.connect();

      leaver.client.disconnect();
      expect(await codesOf(visitor)).toEqual([]);
      // Polled gently: a connection may list 20 times in 10 s.
      await expect.poll(() => codesOf(visitor), { timeout: 6_000, interval: 500 }).toEqual([code]);
    });

    it("forgets a room once it empties", async () => {
      const [first, second] = await deploy();
      const host = await first.connect();
      await create(host, { public: true });
      expectOk(await request(host, "room:leave"));
      expect(await codesOf(await second.connect())).toEqual([]);
    });

    it("filters on room properties, as they are now; refuses an oversized filter", async () => {
      const [first, second] = await deploy();
      const host = await first.connect();
      const ffa = await create(host, { public: true, properties: { mode: "ffa", ranked: true } });
      const ctf = await create(await first.connect(), { public: true, properties: { mode: "ctf", ranked: true } });
      const visitor = await second.connect();

      expect(await codesOf(visitor, { mode: "ffa" })).toEqual([ffa.code]);
      expect((await codesOf(visitor, { ranked: true })).sort()).toEqual([ffa.code, ctf.code].sort());
      expect(await codesOf(visitor, { mode: "ffa", ranked: false })).toEqual([]);
      expectOk(await request(host, "room:set-properties", { properties: { mode: "duel" } }));
      expect(await codesOf(visitor, { mode: "duel" })).toEqual([ffa.code]);

      const tooMany = Object.fromEntries(Array.from({ length: 9 }, (_, n) => [`k${n}`, n]));
      expect(await request(visitor, "room:list", { filter: tooMany })).toEqual(refusal(ErrorCode.InvalidPayload));
    });

    it("pages through the rooms fewest free seats first, each once, within the page size bounds", async () => {
      const [first, second] = await deploy();
      const codes: string[] = [];
      for (let n = 0; n < 5; n++) codes.push((await create(await first.connect(), { public: true })).code);
      await connectMember(second, codes[3]);
      const visitor = await second.connect();

      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const answer = await list(visitor, { limit: 2, ...(cursor !== undefined && { cursor }) });
        expect(answer.rooms.length).toBeLessThanOrEqual(2);
        seen.push(...answer.rooms.map((room) => room.code));
        if (answer.cursor === null) break;
        cursor = answer.cursor;
      }
      expect(seen[0]).toBe(codes[3]);
      expect([...seen].sort()).toEqual([...codes].sort());

      expect(await request(visitor, "room:list", { limit: 51 })).toEqual(refusal(ErrorCode.InvalidPayload));
      expect(await request(visitor, "room:list", { limit: 0 })).toEqual(refusal(ErrorCode.InvalidPayload));
      expect(await requestUnchecked(visitor, "room:list", { cursor: "DROP" })).toEqual(
        refusal(ErrorCode.InvalidPayload, "cursor"),
      );
    });

    it("quick join enters the fullest matching room and tells its members", async () => {
      const [first, second] = await deploy();
      const emptier = await create(await first.connect(), { public: true, properties: { mode: "ffa" } });
      const fuller = await create(await first.connect(), { public: true, properties: { mode: "ffa" } });
      const other = await create(await first.connect(), { public: true, properties: { mode: "ctf" } });
      await connectMember(first, fuller.code);
      await connectMember(first, other.code);

      const joined = expectOk(await quickJoin(await second.connect(), { filter: { mode: "ffa" } }));
      expect(joined).toMatchObject({ code: fuller.code, created: false });
      expect(joined.members).toHaveLength(3);
      expect(emptier.code).not.toBe(joined.code);
    });

    it("quick join creates a public room when asked and none matches; else answers no-room-found", async () => {
      const [first, second] = await deploy();
      const seeker = await first.connect();
      expect(await quickJoin(seeker, { filter: { mode: "ctf" } })).toEqual(refusal(ErrorCode.NoRoomFound));

      const made = expectOk(
        await quickJoin(seeker, { filter: { mode: "ctf" }, create: { properties: { mode: "ctf" } } }),
      );
      expect(made).toMatchObject({ created: true, properties: { mode: "ctf" } });
      expect(made.hostId).toBe(made.selfId);
      expect(await codesOf(await second.connect(), { mode: "ctf" })).toEqual([made.code]);

      const joined = expectOk(await quickJoin(await second.connect(), { filter: { mode: "ctf" } }));
      expect(joined).toMatchObject({ code: made.code, created: false });
    });

    it("two quick joins racing for the last seat: one gets it, the room never holds more than its capacity", async () => {
      const [first, second] = await deploy();
      const host = await first.connect();
      const { code } = await create(host, { public: true });
      await connectMember(second, code);

      const [a, b] = await Promise.all([quickJoin(await first.connect()), quickJoin(await second.connect())]);
      const answers = [a, b];
      expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
      expect(answers.filter((answer) => !answer.ok)).toEqual([refusal(ErrorCode.NoRoomFound)]);
      const joined = answers.find((answer) => answer.ok);
      expect(joined?.ok && joined.data.members).toHaveLength(3);
      expect(await codesOf(host)).toEqual([]);
    });
  });
}

describe("the directory's rate limits", () => {
  it("answers rate-limited past 20 listings in 10 s on one connection, and past 5 quick joins", async () => {
    const server = await startTestServer(ENV);
    const client = await server.connect();
    const listings = await Promise.all(Array.from({ length: 21 }, () => request(client, "room:list", {})));
    expect(listings.filter((answer) => answer.ok)).toHaveLength(20);
    expect(listings.at(-1)).toEqual(refusal(ErrorCode.RateLimited, "room-list"));
    expect((await list(await server.connect())).rooms).toEqual([]);

    const seeker = await server.connect();
    for (let n = 0; n < 5; n++) expect(await quickJoin(seeker)).toEqual(refusal(ErrorCode.NoRoomFound));
    expect(await quickJoin(seeker)).toEqual(refusal(ErrorCode.RateLimited, "quick-join"));
  });
});
