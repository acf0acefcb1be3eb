import { afterEach, describe, expect, it } from "vitest";
import { closeAll, connectMember, nextEvent, request, startTestServer } from "./support/test-server.js";

afterEach(closeAll);

async function relayedCount(url: string, channel: "state" | "event"): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith(`relay_messages_total{channel="${channel}"}`));
  return line === undefined ? 0 : Number(line.split(" ").pop());
}

describe("GET /metrics", () => {
  it("counts relayed messages per channel, and not refused ones", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const delivered = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "x" });
    await delivered;
    await request(ada.client, "relay:send", { to: null, channel: "state", data: "y" });
    await request(ada.client, "relay:send", { to: "nobody", channel: "state", data: "z" });

    expect(await relayedCount(server.url, "event")).toBe(1);
    expect(await relayedCount(server.url, "state")).toBe(1);
  });
});
