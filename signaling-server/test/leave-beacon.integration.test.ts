import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, PROTOCOL_VERSION, ServerPaths, type RoomJoined } from "@rallypoint/protocol";
import {
  closeAll,
  createRoom,
  expectNoEvent,
  expectOk,
  joinRoom,
  nextEvent,
  request,
  startTestServer,
  type TestServer,
} from "./support/test-server.js";

afterEach(closeAll);

/** What navigator.sendBeacon sends: a text/plain POST, from the page's origin or any other. */
function beacon(server: TestServer, body: unknown): Promise<Response> {
  return fetch(`${server.url}${ServerPaths.leave}`, {
    method: "POST",
    headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://elsewhere.example" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("the leave beacon of a page going away", () => {
  it("frees the seat of the holder of its resume token: the others see peer-left `left`, its socket is closed", async () => {
    const server = await startTestServer();
    const adaClient = await server.connect();
    const ada = await createRoom(adaClient);
    const boClient = await server.connect();
    const bo = await joinRoom(boClient, ada.code);
    const left = nextEvent(adaClient, "peer:left");

    const response = await beacon(server, { code: bo.code, memberId: bo.selfId, resumeToken: bo.resumeToken });

    expect(response.status).toBe(204);
    expect(await left).toEqual({ id: bo.selfId, reason: "left" });
    await expect.poll(() => boClient.connected).toBe(false);
  });

  it("does nothing, and says nothing different, for a wrong token or a malformed body", async () => {
    const server = await startTestServer();
    const ada = await createRoom(await server.connect());
    const boClient = await server.connect();
    const bo = await joinRoom(boClient, ada.code);

    const wrong = await beacon(server, { code: bo.code, memberId: bo.selfId, resumeToken: "x".repeat(32) });
    const garbage = await beacon(server, "{not json");

    expect([wrong.status, garbage.status]).toEqual([204, 204]);
    // Both were handled before this join is: a freed seat would be missing from its answer.
    const cy = await joinRoom(await server.connect(), ada.code);
    expect(cy.members.map((member) => member.id)).toEqual([ada.selfId, bo.selfId, cy.selfId]);
    expect(boClient.connected).toBe(true);
  });
});

describe("the leave beacon of a page that may be reloading (mayReturn)", () => {
  const seatOf = (joined: RoomJoined) => ({
    code: joined.code,
    memberId: joined.selfId,
    resumeToken: joined.resumeToken,
  });
  const resumeAfterReload = (joined: RoomJoined) => ({
    ...seatOf(joined),
    protocolVersion: PROTOCOL_VERSION,
    restarted: true,
  });

  it("keeps the seat for the reload window: the reloaded page takes it back, even in a full room", async () => {
    const server = await startTestServer({ ROOM_CAPACITY: "2", RELOAD_WINDOW_MS: "5000" });
    const adaClient = await server.connect();
    const ada = await createRoom(adaClient);
    const boClient = await server.connect();
    const bo = await joinRoom(boClient, ada.code);
    const reconnecting = nextEvent(adaClient, "peer:reconnecting");

    await beacon(server, { ...seatOf(bo), mayReturn: true });

    expect(await reconnecting).toEqual({ id: bo.selfId });
    await expect.poll(() => boClient.connected).toBe(false);
    const full = await request(await server.connect(), "room:join", {
      code: ada.code,
      protocolVersion: PROTOCOL_VERSION,
    });
    expect(full).toMatchObject({ ok: false, error: { code: ErrorCode.RoomFull } });
    const noLeave = expectNoEvent(adaClient, "peer:left", 300);
    const resumed = nextEvent(adaClient, "peer:resumed");
    const back = expectOk(await request(await server.connect(), "room:resume", resumeAfterReload(bo)));
    expect(back.selfId).toBe(bo.selfId);
    expect(await resumed).toEqual({ id: bo.selfId, restarted: true });
    await noLeave;
  });

  it("frees the seat as a leave when the window ends with nobody back", async () => {
    const server = await startTestServer({ RELOAD_WINDOW_MS: "200" });
    const adaClient = await server.connect();
    const ada = await createRoom(adaClient);
    const boClient = await server.connect();
    const bo = await joinRoom(boClient, ada.code);
    const left = nextEvent(adaClient, "peer:left");

    await beacon(server, { ...seatOf(bo), mayReturn: true });

    expect(await left).toEqual({ id: bo.selfId, reason: "left" });
    const late = await request(await server.connect(), "room:resume", resumeAfterReload(bo));
    expect(late).toMatchObject({ ok: false, error: { code: ErrorCode.ResumeFailed } });
  });

  it("shortens the hold of a seat whose socket was seen gone first, and still calls it a leave", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "60000", RELOAD_WINDOW_MS: "200" });
    const adaClient = await server.connect();
    const ada = await createRoom(adaClient);
    const boClient = await server.connect();
    const bo = await joinRoom(boClient, ada.code);
    const reconnecting = nextEvent(adaClient, "peer:reconnecting");
    boClient.disconnect();
    await reconnecting;
    const left = nextEvent(adaClient, "peer:left");

    await beacon(server, { ...seatOf(bo), mayReturn: true });

    expect(await left).toEqual({ id: bo.selfId, reason: "left" });
  });

  it("frees the seat at once with a reload window of 0", async () => {
    const server = await startTestServer({ RELOAD_WINDOW_MS: "0" });
    const adaClient = await server.connect();
    const ada = await createRoom(adaClient);
    const bo = await joinRoom(await server.connect(), ada.code);
    const left = nextEvent(adaClient, "peer:left");

    await beacon(server, { ...seatOf(bo), mayReturn: true });

    expect(await left).toEqual({ id: bo.selfId, reason: "left" });
  });

  it("ignores a beacon that arrives after the reloaded page took the seat back on another connection", async () => {
    const server = await startTestServer({ RELOAD_WINDOW_MS: "5000" });
    const adaClient = await server.connect();
    const ada = await createRoom(adaClient);
    const boClient = await server.connect();
    const bo = await joinRoom(boClient, ada.code);
    const oldConnection = boClient.id;
    const reloaded = await server.connect();
    expectOk(await request(reloaded, "room:resume", resumeAfterReload(bo)));
    const noReconnecting = expectNoEvent(adaClient, "peer:reconnecting", 300);

    await beacon(server, { ...seatOf(bo), mayReturn: true, connection: oldConnection });

    await noReconnecting;
    expect(reloaded.connected).toBe(true);
  });

  it("holds nothing for a wrong token", async () => {
    const server = await startTestServer({ RELOAD_WINDOW_MS: "5000" });
    const adaClient = await server.connect();
    const ada = await createRoom(adaClient);
    const boClient = await server.connect();
    const bo = await joinRoom(boClient, ada.code);
    const noReconnecting = expectNoEvent(adaClient, "peer:reconnecting", 300);

    await beacon(server, { ...seatOf(bo), resumeToken: "x".repeat(32), mayReturn: true });

    await noReconnecting;
    expect(boClient.connected).toBe(true);
  });
});
