import { afterEach, describe, expect, it } from "vitest";
import { ServerPaths } from "@rallypoint/protocol";
import { closeAll, createRoom, joinRoom, nextEvent, startTestServer, type TestServer } from "./support/test-server.js";

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
