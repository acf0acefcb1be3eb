import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "@rallypoint/protocol";
import {
  closeAll,
  connectMember,
  expectOk,
  refusal,
  request,
  requestUnchecked,
  startTestServer,
} from "./support/test-server.js";

afterEach(closeAll);

describe("time:sync", () => {
  it("echoes t0 and stamps the server's Date.now() between send and receipt", async () => {
    const server = await startTestServer();
    const client = await server.connect();

    // The test runs in the server's process, so both sides read the same clock: the stamp must fall in between.
    const sentAt = Date.now();
    const { t0, t1 } = expectOk(await request(client, "time:sync", { t0: 1234.5 }));
    const receivedAt = Date.now();

    expect(t0).toBe(1234.5);
    expect(t1).toBeGreaterThanOrEqual(sentAt);
    expect(t1).toBeLessThanOrEqual(receivedAt);
  });

  it("works before joining a room, inside one, and after leaving it", async () => {
    const server = await startTestServer();
    const lobby = await server.connect();
    const member = await connectMember(server);

    expect(await request(lobby, "time:sync", { t0: 1 })).toMatchObject({ ok: true, data: { t0: 1 } });
    expect(await request(member.client, "time:sync", { t0: 2 })).toMatchObject({ ok: true, data: { t0: 2 } });
    await request(member.client, "room:leave");
    expect(await request(member.client, "time:sync", { t0: 3 })).toMatchObject({ ok: true, data: { t0: 3 } });
  });

  it.each([{}, { t0: "now" }, { t0: null }, { t1: 5 }, 42, null])("answers invalid-payload to %j", async (payload) => {
    const server = await startTestServer();
    const client = await server.connect();

    const result = await requestUnchecked(client, "time:sync", payload);

    expect(result).toEqual(refusal(ErrorCode.InvalidPayload, "Invalid payload"));
  });

  it("answers invalid-payload when the payload is missing, and keeps answering after", async () => {
    const server = await startTestServer();
    const client = await server.connect();

    expect(await requestUnchecked(client, "time:sync")).toEqual(refusal(ErrorCode.InvalidPayload));
    expect(await request(client, "time:sync", { t0: 7 })).toMatchObject({ ok: true, data: { t0: 7 } });
  });
});
