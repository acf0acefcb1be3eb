import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { FuzzSwarm, fuzzCommand } from "./support/protocol-fuzz.js";
import { closeAll, connectMember, nextEvent, request, startTestServer } from "./support/test-server.js";

afterEach(closeAll);

const SOCKETS = 4;
/** The fuzzing clients rejoin after every drop; rate limits on joining would otherwise starve them. */
const FUZZ_ENV = {
  ROOM_CREATES_PER_MINUTE: "100000",
  JOIN_ATTEMPTS_PER_MINUTE: "100000",
  FAILED_JOINS_PER_DAY: "100000",
};
/** Generous: the clients live in this process too, and nothing forces a GC. A leak per event would blow past it. */
const MAX_HEAP_GROWTH_BYTES = 64 * 1024 * 1024;

describe("protocol fuzzing", () => {
  it("random and mutated payloads of every event, from several sockets, leave the server healthy", async () => {
    const server = await startTestServer(FUZZ_ENV);
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const swarm = new FuzzSwarm(SOCKETS, () => server.connect());
    await swarm.settle();
    const heapBefore = process.memoryUsage().heapUsed;

    await fc.assert(
      fc.asyncProperty(fc.array(fuzzCommand(SOCKETS), { minLength: 20, maxLength: 100 }), async (commands) => {
        for (const command of commands) swarm.send(command);
        const t = Date.now();
        await swarm.settle();
        console.log("settle", Date.now() - t, swarm.replaced);
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(200);
      }),
      { numRuns: 10 },
    );

    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(heapGrowth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    // The room created before the storm still relays both ways, on both channels.
    const delivered = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "after the storm" });
    expect(await delivered).toEqual({ from: ada.id, channel: "event", data: "after the storm" });
    const state = nextEvent(ada.client, "relay:message");
    await request(bob.client, "relay:send", { to: null, channel: "state", data: new Uint8Array([1, 2, 3]) });
    expect(await state).toMatchObject({ from: bob.id, channel: "state" });
    swarm.close();
  }, 30_000);
});
