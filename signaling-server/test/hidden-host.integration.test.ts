import { afterEach, describe, expect, it } from "vitest";
import {
  closeAll,
  connectMember,
  expectNoEvent,
  expectOk,
  nextEvent,
  request,
  startTestServer,
  type TestMember,
} from "./support/test-server.js";
import { hasRedisServer, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("the hidden host's hand-off over two servers");
const redis = useSharedRedis();
afterEach(closeAll);

/** Short, so the hand-off is quick to see; the default is 5000. */
const HANDOFF_MS = 200;

async function hide(member: TestMember, hidden = true): Promise<void> {
  expectOk(await request(member.client, "member:visibility", { hidden }));
}

async function roomOf(count: number, overrides: Record<string, string> = {}): Promise<TestMember[]> {
  const server = await startTestServer({ HIDDEN_HOST_HANDOFF_MS: String(HANDOFF_MS), ...overrides });
  const host = await connectMember(server);
  const members = [host];
  for (let i = 1; i < count; i++) members.push(await connectMember(server, host.code));
  return members;
}

describe("a hidden host", () => {
  it("hands the host role to the oldest visible member after hiddenHostHandoffMs", async () => {
    const [host, hiddenToo, visible, younger] = (await roomOf(4)) as [TestMember, TestMember, TestMember, TestMember];
    await hide(hiddenToo);
    const hiddenAt = Date.now();
    await hide(host);
    const seen = await Promise.all(
      [host, hiddenToo, visible, younger].map((member) => nextEvent(member.client, "host:changed", HANDOFF_MS * 10)),
    );
    expect(seen).toEqual(Array.from({ length: 4 }, () => ({ hostId: visible.id })));
    expect(Date.now() - hiddenAt).toBeGreaterThanOrEqual(HANDOFF_MS - 20);
  });

  it("keeps the role when it is visible again before the delay", async () => {
    const [host, other] = (await roomOf(2)) as [TestMember, TestMember];
    await hide(host);
    await hide(host, false);
    await expectNoEvent(other.client, "host:changed", HANDOFF_MS * 3);
  });

  it("keeps the role when no other member is visible", async () => {
    const [host, other] = (await roomOf(2)) as [TestMember, TestMember];
    await hide(other);
    await hide(host);
    await expectNoEvent(other.client, "host:changed", HANDOFF_MS * 3);
  });

  it("keeps the role when the server opts out (HIDDEN_HOST_HANDOFF_MS=0)", async () => {
    const [host, other] = (await roomOf(2, { HIDDEN_HOST_HANDOFF_MS: "0" })) as [TestMember, TestMember];
    await hide(host);
    await expectNoEvent(other.client, "host:changed", HANDOFF_MS * 3);
  });

  it("refuses a malformed report", async () => {
    const [host] = (await roomOf(1)) as [TestMember];
    const result = await request(host.client, "member:visibility", { hidden: "yes" } as never);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid-payload" } });
  });
});

describe.runIf(hasRedisServer)("a hidden host, rooms in Redis", () => {
  it("hands off through the shared store, knowing who is hidden on the other server", async () => {
    const [nodeA, nodeB] = await redis.twoServers({ HIDDEN_HOST_HANDOFF_MS: String(HANDOFF_MS) });
    const host = await connectMember(nodeA);
    const hiddenElsewhere = await connectMember(nodeB, host.code);
    const visible = await connectMember(nodeA, host.code);
    await hide(hiddenElsewhere);
    await hide(host);
    const seen = await Promise.all(
      [host, hiddenElsewhere, visible].map((member) => nextEvent(member.client, "host:changed", HANDOFF_MS * 10)),
    );
    expect(seen).toEqual(Array.from({ length: 3 }, () => ({ hostId: visible.id })));
  });
});
