import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame, ErrorCode, PROTOCOL_VERSION, type RoomJoined } from "@rallypoint/protocol";
import {
  closeAll,
  connectMember,
  expectOk,
  nextEvent,
  refusal,
  request,
  type TestClient,
} from "./support/test-server.js";
import { inMemoryAndInRedis, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("spectators over two servers");
const redis = useSharedRedis();
afterEach(closeAll);

/** Spectators follow the same seat rules in memory and in Redis: every test runs on both, split over two servers. */
const deployments = inMemoryAndInRedis(redis);

/** Two player seats and one spectator place: small enough to fill. */
const SMALL_ROOM = { ROOM_CAPACITY: "2", MAX_SPECTATORS: "1" };

const spectate = (client: TestClient, code: string) =>
  request(client, "room:join", { code, protocolVersion: PROTOCOL_VERSION, name: "Watcher", spectator: true });

for (const [where, runs, deploy] of deployments) {
  describe.runIf(runs)(`spectators, ${where}`, () => {
    it("join a full room within their own limit, shown as spectators, and take no player seat", async () => {
      const [first, second] = await deploy(SMALL_ROOM);
      const ada = await connectMember(first);
      const bob = await connectMember(second, ada.code);
      expect(
        await request(await second.connect(), "room:join", { code: ada.code, protocolVersion: PROTOCOL_VERSION }),
      ).toEqual(refusal(ErrorCode.RoomFull, "is full"));

      const told = nextEvent(ada.client, "peer:joined");
      const watcher = await second.connect();
      const joined: RoomJoined = expectOk(await spectate(watcher, ada.code));
      expect(await told).toMatchObject({ id: joined.selfId, spectator: true });
      expect(joined.members.map((member) => member.spectator === true)).toEqual([false, false, true]);
      expect(joined.hostId).toBe(ada.id);

      expect(await spectate(await first.connect(), ada.code)).toEqual(refusal(ErrorCode.RoomFull, "spectator"));
      // A player leaving frees a player seat, whatever the spectators.
      expectOk(await request(bob.client, "room:leave"));
      expectOk(
        await request(await first.connect(), "room:join", { code: ada.code, protocolVersion: PROTOCOL_VERSION }),
      );
    });

    it("receive the players' state and events, and send none (only their links' acknowledgements)", async () => {
      const [first, second] = await deploy(SMALL_ROOM);
      const ada = await connectMember(first);
      const watcher = await second.connect();
      const { selfId } = expectOk(await spectate(watcher, ada.code));

      const relayed = nextEvent(watcher, "relay:message");
      expectOk(await request(ada.client, "relay:send", { to: null, channel: "state", data: { x: 1 } }));
      expect(await relayed).toEqual({ from: ada.id, channel: "state", data: { x: 1 } });
      const event = nextEvent(watcher, "relay:message");
      expectOk(await request(ada.client, "relay:send", { to: selfId, channel: "event", data: "goal" }));
      expect(await event).toEqual({ from: ada.id, channel: "event", data: "goal" });

      const sent = { to: null, channel: "event", data: "cheer" } as const;
      expect(await request(watcher, "relay:send", sent)).toEqual(refusal(ErrorCode.Spectator));
      const state = encodeFrame({ type: "state", seq: 1, time: 0, payload: { x: 2 } });
      expect(await request(watcher, "relay:send", { to: null, channel: "state", data: state })).toEqual(
        refusal(ErrorCode.Spectator),
      );
      // Its links still acknowledge what they receive, so players' reliable events reach it over the relay.
      const ack = encodeFrame({ type: "ack", seq: 1 });
      const acknowledged = nextEvent(ada.client, "relay:message");
      expectOk(await request(watcher, "relay:send", { to: ada.id, channel: "event", data: ack }));
      expect((await acknowledged).from).toBe(selfId);
      expect(await request(watcher, "member:set-properties", { properties: { ready: true } })).toEqual(
        refusal(ErrorCode.Spectator),
      );
      expect(await request(ada.client, "room:transfer-host", { memberId: selfId })).toEqual(
        refusal(ErrorCode.Spectator),
      );
    });

    it("never take the host role from a player, and give back the role they kept in a room of spectators", async () => {
      const [first, second] = await deploy(SMALL_ROOM);
      const ada = await connectMember(first);
      const watcher = await second.connect();
      const { selfId } = expectOk(await spectate(watcher, ada.code));
      const bob = await connectMember(second, ada.code);

      const handedToBob = nextEvent(watcher, "host:changed");
      expectOk(await request(ada.client, "room:leave"));
      expect(await handedToBob).toEqual({ hostId: bob.id });

      // Only the spectator left: it keeps the role as a caretaker, without host controls.
      const caretaker = nextEvent(watcher, "host:changed");
      expectOk(await request(bob.client, "room:leave"));
      expect(await caretaker).toEqual({ hostId: selfId });
      expect(await request(watcher, "room:configure", { locked: true })).toEqual(refusal(ErrorCode.Spectator));

      const handedToCat = nextEvent(watcher, "host:changed");
      const cat = await connectMember(first, ada.code);
      expect(await handedToCat).toEqual({ hostId: cat.id });
    });

    it("stay spectators when they take their seat back after a drop", async () => {
      const [first, second] = await deploy({ ...SMALL_ROOM, RESUME_GRACE_MS: "5000" });
      const ada = await connectMember(first);
      const watcher = await second.connect();
      const joined = expectOk(await spectate(watcher, ada.code));
      const reconnecting = nextEvent(ada.client, "peer:reconnecting");
      watcher.disconnect();
      await reconnecting;

      const again = await first.connect();
      const { code, selfId: memberId, resumeToken } = joined;
      const resumed = expectOk(
        await request(again, "room:resume", { code, memberId, resumeToken, protocolVersion: PROTOCOL_VERSION }),
      );
      expect(resumed.members.find((member) => member.id === memberId)?.spectator).toBe(true);
      const sent = { to: null, channel: "event", data: "cheer" } as const;
      expect(await request(again, "relay:send", sent)).toEqual(refusal(ErrorCode.Spectator));
    });

    it("are refused by a locked room, and listed apart from the players of a public room", async () => {
      const [first, second] = await deploy(SMALL_ROOM);
      const host = await first.connect();
      const { code } = expectOk(
        await request(host, "room:create", { protocolVersion: PROTOCOL_VERSION, public: true }),
      );
      expectOk(await spectate(await second.connect(), code));
      const { rooms } = expectOk(await request(await second.connect(), "room:list", {}));
      expect(rooms).toEqual([expect.objectContaining({ code, members: 1, capacity: 2, spectators: 1 })]);

      expectOk(await request(host, "room:configure", { locked: true }));
      expect(await spectate(await second.connect(), code)).toEqual(refusal(ErrorCode.RoomLocked));
    });

    it("a limit of the host's own: lowered below the spectators watching, it keeps them and refuses new ones", async () => {
      const [first, second] = await deploy({ ROOM_CAPACITY: "2", MAX_SPECTATORS: "3" });
      const ada = await connectMember(first);
      const bob = await connectMember(second, ada.code);
      const watchers = [await first.connect(), await second.connect()];
      for (const watcher of watchers) expectOk(await spectate(watcher, ada.code));

      const told = nextEvent(bob.client, "room:settings");
      const settings = expectOk(await request(ada.client, "room:configure", { maxSpectators: 1 }));
      expect(settings).toMatchObject({ maxSpectators: 1 });
      expect(await told).toEqual(settings);
      // The two watching stay: the relay still reaches them.
      const relayed = watchers.map((watcher) => nextEvent(watcher, "relay:message"));
      expectOk(await request(ada.client, "relay:send", { to: null, channel: "event", data: "still here" }));
      for (const message of await Promise.all(relayed)) expect(message.data).toBe("still here");
      expect(await spectate(await second.connect(), ada.code)).toEqual(refusal(ErrorCode.RoomFull, "spectator"));

      expect(await request(bob.client, "room:configure", { maxSpectators: 3 })).toEqual(refusal(ErrorCode.NotHost));
      expect(await request(ada.client, "room:configure", { maxSpectators: 4 })).toEqual(
        refusal(ErrorCode.InvalidPayload, "0-3"),
      );
      expectOk(await request(ada.client, "room:configure", { maxSpectators: 3 }));
      expectOk(await spectate(await second.connect(), ada.code));
      expectOk(await request(ada.client, "room:configure", { maxSpectators: 0 }));
      expect(await spectate(await first.connect(), ada.code)).toEqual(refusal(ErrorCode.RoomFull, "spectator"));
    });
  });
}
