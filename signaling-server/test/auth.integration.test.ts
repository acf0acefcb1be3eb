import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "@rallypoint/protocol";
import type { Handshake } from "../src/realtime/authenticate.js";
import { closeAll, createRoom, refusalOf, startTestServer } from "./support/test-server.js";

afterEach(closeAll);

const unauthorized = { code: ErrorCode.Unauthorized, message: expect.stringContaining("Not authorized") as string };

describe("AUTH_SHARED_SECRET", () => {
  it("lets everyone in when unset", async () => {
    const server = await startTestServer();
    expect((await createRoom(await server.connect())).members).toHaveLength(1);
  });

  it("refuses a client without the secret or with a wrong one, with a clear unauthorized error", async () => {
    const server = await startTestServer({ AUTH_SHARED_SECRET: "open sesame" });

    for (const auth of [undefined, {}, { token: "open sesam" }, { token: 42 }]) {
      const refusal = await refusalOf(server, auth);
      expect(refusal.data, JSON.stringify(auth)).toEqual(unauthorized);
      expect(refusal.message).toContain("Not authorized");
    }
  });

  it("lets a client with the secret create a room", async () => {
    const server = await startTestServer({ AUTH_SHARED_SECRET: "open sesame" });
    const client = await server.connect({ token: "open sesame" });
    expect((await createRoom(client)).members).toHaveLength(1);
  });
});

describe("the authenticate hook", () => {
  it("sees the handshake and decides, also asynchronously", async () => {
    const seen: Handshake[] = [];
    const server = await startTestServer(
      {},
      {
        authenticate: async (handshake) => {
          seen.push(handshake);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return handshake.auth.ticket === "valid";
        },
      },
    );

    expect((await refusalOf(server, { ticket: "forged" })).data).toEqual(unauthorized);
    expect((await createRoom(await server.connect({ ticket: "valid" }))).members).toHaveLength(1);
    expect(seen.map((handshake) => handshake.auth)).toEqual([{ ticket: "forged" }, { ticket: "valid" }]);
  });

  it("may yield a user id; one that is no string of 1-256 characters is the hook's fault (`internal`)", async () => {
    const server = await startTestServer({}, { authenticate: ({ auth }) => ({ userId: auth.user as string }) });
    expect((await createRoom(await server.connect({ user: "ada" }))).members).toHaveLength(1);
    for (const user of [undefined, "", "u".repeat(257)]) {
      expect((await refusalOf(server, { user })).data).toEqual({
        code: ErrorCode.Internal,
        message: expect.any(String) as string,
      });
    }
  });

  it("refuses with `internal` when the hook throws", async () => {
    const server = await startTestServer(
      {},
      {
        authenticate: () => {
          throw new Error("ticket service down");
        },
      },
    );
    expect((await refusalOf(server)).data).toEqual({ code: ErrorCode.Internal, message: expect.any(String) as string });
  });

  it("refuses with `unauthorized` when the hook does not answer within AUTHENTICATE_TIMEOUT_MS", async () => {
    const server = await startTestServer(
      { AUTHENTICATE_TIMEOUT_MS: "200" },
      { authenticate: () => new Promise<boolean>(() => undefined) },
    );
    expect((await refusalOf(server)).data).toEqual({
      code: ErrorCode.Unauthorized,
      message: expect.stringContaining("in time") as string,
    });
  });

  it("runs after the shared secret: a client must pass both", async () => {
    const server = await startTestServer(
      { AUTH_SHARED_SECRET: "s3cret" },
      { authenticate: ({ auth }) => "name" in auth },
    );

    expect((await refusalOf(server, { name: "Ada" })).data).toEqual(unauthorized);
    expect((await refusalOf(server, { token: "s3cret" })).data).toEqual(unauthorized);
    expect((await createRoom(await server.connect({ token: "s3cret", name: "Ada" }))).members).toHaveLength(1);
  });
});
