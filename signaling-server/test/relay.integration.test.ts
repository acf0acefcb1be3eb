import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, Limits } from "@rallypoint/protocol";
import {
  closeAll,
  connectMember,
  expectNoEvent,
  nextEvent,
  refusal,
  request,
  requestUnchecked,
  startTestServer,
} from "./support/test-server.js";

afterEach(closeAll);

describe("relay:send", () => {
  it("delivers to the addressed member only, from the server-set sender id", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);

    const delivered = nextEvent(bob.client, "relay:message");
    const notDelivered = Promise.all([
      expectNoEvent(ada.client, "relay:message"),
      expectNoEvent(cat.client, "relay:message"),
    ]);
    // A client cannot speak for another member: the server ignores any `from` it puts in its message.
    const result = await requestUnchecked(ada.client, "relay:send", {
      to: bob.id,
      from: cat.id,
      channel: "event",
      data: { name: "ping", payload: [1, 2] },
    });

    expect(result).toEqual({ ok: true, data: null });
    expect(await delivered).toEqual({ from: ada.id, channel: "event", data: { name: "ping", payload: [1, 2] } });
    await notDelivered;
  });

  it("broadcasts to every other member with to: null, not back to the sender", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);

    const delivered = Promise.all([nextEvent(bob.client, "relay:message"), nextEvent(cat.client, "relay:message")]);
    const notEchoed = expectNoEvent(ada.client, "relay:message");
    const result = await request(ada.client, "relay:send", { to: null, channel: "state", data: { x: 3 } });

    expect(result).toEqual({ ok: true, data: null });
    const message = { from: ada.id, channel: "state", data: { x: 3 } };
    expect(await delivered).toEqual([message, message]);
    await notEchoed;
  });

  it("never crosses rooms", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const outsider = await connectMember(server);

    const delivered = nextEvent(bob.client, "relay:message");
    const notDelivered = expectNoEvent(outsider.client, "relay:message");
    await request(ada.client, "relay:send", { to: null, channel: "event", data: "hello room" });

    expect(await delivered).toMatchObject({ from: ada.id, data: "hello room" });
    await notDelivered;
  });
});

describe("relay:send to a list of members", () => {
  it("delivers exactly once to each member listed, and to nobody else", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);
    const dan = await connectMember(server, ada.code);
    const received = new Map<string, unknown[]>();
    for (const member of [ada, bob, cat, dan]) {
      const messages: unknown[] = [];
      received.set(member.id, messages);
      member.client.on("relay:message", (message) => messages.push(message.data));
    }

    const result = await request(ada.client, "relay:send", { to: [bob.id, cat.id], channel: "state", data: "both" });
    // A sender's relays arrive in order: once everyone has the broadcast after it, the list send is all in.
    const ends = [bob, cat, dan].map((member) => nextEvent(member.client, "relay:message"));
    await request(ada.client, "relay:send", { to: null, channel: "event", data: "end" });
    await Promise.all(ends);

    expect(result).toEqual({ ok: true, data: null });
    expect(received.get(bob.id)).toEqual(["both", "end"]);
    expect(received.get(cat.id)).toEqual(["both", "end"]);
    expect(received.get(dan.id)).toEqual(["end"]);
    expect(received.get(ada.id)).toEqual([]);
  });

  it("answers unknown-peer, delivering to nobody, when any id listed is not another member of the room", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const outsider = await connectMember(server);

    const notDelivered = Promise.all([
      expectNoEvent(bob.client, "relay:message"),
      expectNoEvent(outsider.client, "relay:message"),
    ]);
    for (const stranger of ["no-such-member", outsider.id, ada.id]) {
      const result = await request(ada.client, "relay:send", { to: [bob.id, stranger], channel: "event", data: 1 });
      expect(result).toEqual(refusal(ErrorCode.UnknownPeer, stranger));
    }
    await notDelivered;
  });

  it.each([
    { case: "an empty list", to: () => [] },
    { case: "a member listed twice", to: (bob: string) => [bob, bob] },
    {
      case: "a list longer than any room",
      to: (bob: string) => [
        bob,
        ...Array.from({ length: Limits.maxRoomCapacity + Limits.maxSpectators - 1 }, (_, i) => `m${i}`),
      ],
    },
    { case: "a list with a non-string", to: (bob: string) => [bob, 7] },
  ])("answers invalid-payload to $case", async ({ to }) => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const notDelivered = expectNoEvent(bob.client, "relay:message");
    const result = await requestUnchecked(ada.client, "relay:send", { to: to(bob.id), channel: "event", data: 1 });

    expect(result).toEqual(refusal(ErrorCode.InvalidPayload));
    await notDelivered;
  });
});

describe("relay:send errors", () => {
  it("answers unknown-peer for an id not in the room, a member of another room, or the sender itself", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const outsider = await connectMember(server);

    const notDelivered = expectNoEvent(outsider.client, "relay:message");
    for (const to of ["no-such-member", outsider.id, ada.id]) {
      const result = await request(ada.client, "relay:send", { to, channel: "event", data: null });
      expect(result).toEqual(refusal(ErrorCode.UnknownPeer));
    }
    await notDelivered;
  });

  it("answers not-in-room before joining and after leaving", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    await request(bob.client, "room:leave");

    for (const client of [await server.connect(), bob.client]) {
      const result = await request(client, "relay:send", { to: ada.id, channel: "event", data: 1 });
      expect(result).toEqual(refusal(ErrorCode.NotInRoom));
    }
  });

  it.each([
    { to: null, channel: "video", data: 1 },
    { to: null, channel: 7, data: 1 },
    { to: null, data: 1 },
    { to: 42, channel: "event", data: 1 },
    { channel: "event", data: 1 },
    "state",
    null,
  ])("answers invalid-payload to %j", async (payload) => {
    const server = await startTestServer();
    const ada = await connectMember(server);

    const result = await requestUnchecked(ada.client, "relay:send", payload);

    expect(result).toEqual(refusal(ErrorCode.InvalidPayload));
  });

  it("keeps relaying after a malformed message", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    await requestUnchecked(ada.client, "relay:send", { to: bob.id, channel: "video", data: 1 });
    await requestUnchecked(ada.client, "relay:send");

    const delivered = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "still here" });

    expect(await delivered).toEqual({ from: ada.id, channel: "event", data: "still here" });
  });
});
