import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, PROTOCOL_VERSION } from "@rallypoint/protocol";
import {
  closeAll,
  connectMember,
  expectOk,
  joinRoom,
  nextEvent,
  request,
  type TestMember,
} from "./support/test-server.js";
import { inMemoryAndInRedis, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("the lobby over two servers");
const redis = useSharedRedis();
afterEach(closeAll);

/** The lobby's rules are the same in memory and in Redis: every test runs on both, players split over two servers. */
const deployments = inMemoryAndInRedis(redis);

const refused = (code: ErrorCode) => ({ ok: false, error: expect.objectContaining({ code }) as unknown });

for (const [where, runs, deploy] of deployments) {
  describe.runIf(runs)(`the lobby, ${where}`, () => {
    /** A host on the first server, the others on the second. */
    async function room(count: number, env: Record<string, string> = {}): Promise<TestMember[]> {
      const [first, second] = await deploy(env);
      const host = await connectMember(first);
      const members = [host];
      for (let i = 1; i < count; i++) members.push(await connectMember(second, host.code));
      return members;
    }

    it("room properties: the host patches them, everyone hears the whole result, and joiners get them", async () => {
      const [first, second] = await deploy({});
      const host = await connectMember(first);
      const guest = await connectMember(second, host.code);
      const heard = nextEvent(guest.client, "room:properties");
      expectOk(await request(host.client, "room:set-properties", { properties: { map: "dunes", rounds: 3 } }));
      expect(await heard).toEqual({ properties: { map: "dunes", rounds: 3 }, by: host.id });

      const patched = nextEvent(host.client, "room:properties");
      expectOk(await request(host.client, "room:set-properties", { properties: { rounds: null, mode: "ctf" } }));
      expect((await patched).properties).toEqual({ map: "dunes", mode: "ctf" });

      expect((await joinRoom(await second.connect(), host.code)).properties).toEqual({ map: "dunes", mode: "ctf" });
      expect(await request(guest.client, "room:set-properties", { properties: { map: "ice" } })).toEqual(
        refused(ErrorCode.NotHost),
      );
    });

    it("lets members set room properties when the host allows it, and refuses what is too big", async () => {
      const [host, guest] = (await room(2)) as [TestMember, TestMember];
      expectOk(await request(host.client, "room:configure", { membersSetProperties: true }));
      expectOk(await request(guest.client, "room:set-properties", { properties: { vote: "dunes" } }));
      // Over one event's limit: refused before it is parsed; over the properties' limit once merged: refused too.
      const big = { blob: "x".repeat(5000) };
      expect(await request(host.client, "room:set-properties", { properties: big })).toEqual(
        refused(ErrorCode.PayloadTooLarge),
      );
      const nearly = { blob: "x".repeat(3060) };
      expect(await request(host.client, "room:set-properties", { properties: nearly })).toEqual(
        refused(ErrorCode.PayloadTooLarge),
      );
    });

    it("member properties: each member patches its own, everyone hears them, and a join answer carries them", async () => {
      const [first, second] = await deploy({});
      const host = await connectMember(first);
      const guest = await connectMember(second, host.code);
      const heard = nextEvent(host.client, "member:properties");
      expectOk(await request(guest.client, "member:set-properties", { properties: { ready: true, team: "red" } }));
      expect(await heard).toEqual({ id: guest.id, properties: { ready: true, team: "red" } });

      const joined = await joinRoom(await first.connect(), host.code);
      expect(joined.members.find((member) => member.id === guest.id)?.properties).toEqual({ ready: true, team: "red" });
      expect(joined.settings).toEqual({
        locked: false,
        capacity: 8,
        membersSetProperties: false,
        maxSpectators: 8,
        public: false,
      });
    });

    it("lock: no new joins until unlocked; only the host may", async () => {
      const [first, second] = await deploy({});
      const host = await connectMember(first);
      const guest = await connectMember(second, host.code);
      expect(await request(guest.client, "room:configure", { locked: true })).toEqual(refused(ErrorCode.NotHost));
      const settings = nextEvent(guest.client, "room:settings");
      expectOk(await request(host.client, "room:configure", { locked: true }));
      expect((await settings).locked).toBe(true);

      const join = { code: host.code, protocolVersion: PROTOCOL_VERSION };
      expect(await request(await second.connect(), "room:join", join)).toEqual(refused(ErrorCode.RoomLocked));
      expectOk(await request(host.client, "room:configure", { locked: false }));
      expectOk(await request(await second.connect(), "room:join", join));
    });

    it("capacity: the host sets it between the members present and the server's cap", async () => {
      const [first, second] = await deploy({ ROOM_CAPACITY: "4" });
      const host = await connectMember(first);
      await connectMember(second, host.code);
      await connectMember(second, host.code);
      expect(await request(host.client, "room:configure", { capacity: 2 })).toEqual(refused(ErrorCode.InvalidPayload));
      expect(await request(host.client, "room:configure", { capacity: 5 })).toEqual(refused(ErrorCode.InvalidPayload));
      expect(expectOk(await request(host.client, "room:configure", { capacity: 3 })).capacity).toBe(3);
      const join = { code: host.code, protocolVersion: PROTOCOL_VERSION };
      expect(await request(await second.connect(), "room:join", join)).toEqual(refused(ErrorCode.RoomFull));
    });

    it("kick: the member is told and cut off, the others see peer-left `kicked`, and it cannot come back", async () => {
      const [first, second] = await deploy({});
      const host = await connectMember(first);
      const guest = await connectMember(second, host.code);
      const witness = await connectMember(first, host.code);
      expect(await request(witness.client, "room:kick", { memberId: guest.id })).toEqual(refused(ErrorCode.NotHost));

      const told = nextEvent(guest.client, "room:kicked");
      const left = nextEvent(witness.client, "peer:left");
      expectOk(await request(host.client, "room:kick", { memberId: guest.id, reason: "spamming" }));

      expect(await told).toEqual({ reason: "spamming" });
      expect(await left).toEqual({ id: guest.id, reason: "kicked" });
      await expect.poll(() => guest.client.connected).toBe(false);
      const join = { code: host.code, protocolVersion: PROTOCOL_VERSION };
      expect(await request(await second.connect(), "room:join", join)).toEqual(refused(ErrorCode.Kicked));
      expect(await request(host.client, "room:kick", { memberId: host.id })).toEqual(refused(ErrorCode.UnknownPeer));
    });

    it("lets a kicked address back once KICK_BAN_MS has passed", async () => {
      const [first, second] = await deploy({ KICK_BAN_MS: "100" });
      const host = await connectMember(first);
      const guest = await connectMember(second, host.code);
      expectOk(await request(host.client, "room:kick", { memberId: guest.id }));
      const join = { code: host.code, protocolVersion: PROTOCOL_VERSION };
      await expect.poll(async () => (await request(await second.connect(), "room:join", join)).ok).toBe(true);
    });

    it("transfer-host: the role moves to a connected member, and everyone hears it", async () => {
      const [host, guest] = (await room(2)) as [TestMember, TestMember];
      const changed = nextEvent(guest.client, "host:changed");
      expectOk(await request(host.client, "room:transfer-host", { memberId: guest.id }));
      expect(await changed).toEqual({ hostId: guest.id });
      expect(await request(host.client, "room:transfer-host", { memberId: guest.id })).toEqual(
        refused(ErrorCode.NotHost),
      );
      expectOk(await request(guest.client, "room:configure", { locked: true }));
    });
  });
}
