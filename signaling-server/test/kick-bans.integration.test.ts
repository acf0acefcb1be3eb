import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, PROTOCOL_VERSION, ResumeFailedReason } from "@rallypoint/protocol";
import type { Authenticate } from "../src/realtime/authenticate.js";
import { closeAll, createRoom, expectOk, joinRoom, refusal, request, type TestClient } from "./support/test-server.js";
import { inMemoryAndInRedis, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("kick bans over two servers");
const redis = useSharedRedis();
afterEach(closeAll);

/** A deployment whose players may sign in (`auth.user`), or play anonymously. */
const authenticate: Authenticate = ({ auth }) => (typeof auth.user === "string" ? { userId: auth.user } : true);

/** Every client of these tests shares one address, 127.0.0.1: a household behind one NAT. */
const deployments = inMemoryAndInRedis(redis, {}, { authenticate });

const join = (client: TestClient, code: string) =>
  request(client, "room:join", { code, protocolVersion: PROTOCOL_VERSION });

for (const [where, runs, deploy] of deployments) {
  describe.runIf(runs)(`a kick's ban, ${where}`, () => {
    it("keeps a signed-in player out by its user id, not its housemates who are signed in", async () => {
      const [first, second] = await deploy();
      const host = await first.connect({ user: "host" });
      const { code } = await createRoom(host);
      const kicked = await joinRoom(await second.connect({ user: "mallory" }), code);
      expectOk(await request(host, "room:kick", { memberId: kicked.selfId }));

      expect(await join(await second.connect({ user: "mallory" }), code)).toEqual(refusal(ErrorCode.Kicked));
      expect(await join(await first.connect({ user: "mallory" }), code)).toEqual(refusal(ErrorCode.Kicked));
      expectOk(await join(await second.connect({ user: "sam" }), code));
      // Signed out, the kicked player is one of the anonymous clients of its address, and those stay out with it.
      expect(await join(await second.connect(), code)).toEqual(refusal(ErrorCode.Kicked));
      // Nor does its old seat let it back: the seat, and its resume token, went with the kick.
      const { selfId: memberId, resumeToken } = kicked;
      const resume = { code, memberId, resumeToken, protocolVersion: PROTOCOL_VERSION };
      expect(await request(await second.connect({ user: "mallory" }), "room:resume", resume)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: ErrorCode.ResumeFailed, reason: ResumeFailedReason.Expired }) as unknown,
      });
    });

    it("bans an anonymous player's address, which is all the server can tell it by", async () => {
      const [first, second] = await deploy();
      const host = await first.connect({ user: "host" });
      const { code } = await createRoom(host);
      const kicked = await joinRoom(await second.connect(), code);
      expectOk(await request(host, "room:kick", { memberId: kicked.selfId }));

      expect(await join(await second.connect(), code)).toEqual(refusal(ErrorCode.Kicked));
      expectOk(await join(await second.connect({ user: "sam" }), code));
    });

    it("bans by user id the room's creator too, once it no longer hosts", async () => {
      const [first, second] = await deploy();
      const creator = await first.connect({ user: "creator" });
      const { code, selfId } = await createRoom(creator);
      const next = await second.connect({ user: "next" });
      const { selfId: nextId } = await joinRoom(next, code);
      expectOk(await request(creator, "room:transfer-host", { memberId: nextId }));
      expectOk(await request(next, "room:kick", { memberId: selfId }));

      expect(await join(await first.connect({ user: "creator" }), code)).toEqual(refusal(ErrorCode.Kicked));
    });
  });
}
