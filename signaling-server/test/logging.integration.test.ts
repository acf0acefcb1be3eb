import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/observability/logger.js";
import { closeAll, connectMember, nextEvent, request, startTestServer, WAIT_MS } from "./support/test-server.js";

afterEach(closeAll);

type LogLine = Record<string, unknown>;

/** A logger as main.ts makes it, writing its JSON lines into an array instead of stdout. */
function capturedLogger(level: "info" | "debug"): { lines: LogLine[]; log: ReturnType<typeof createLogger> } {
  const lines: LogLine[] = [];
  const log = createLogger(level, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { lines, log };
}

describe("structured logs", () => {
  it("logs each relayed message at debug, with its connection, room, latency and size", async () => {
    const { lines, log } = capturedLogger("debug");
    const server = await startTestServer({}, { logger: log });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);

    const delivered = nextEvent(bob.client, "relay:message");
    await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: new Uint8Array(123) });
    await delivered;

    const relayed = lines.filter((line) => line.msg === "relayed");
    expect(relayed).toEqual([
      expect.objectContaining({
        level: "debug",
        service: "rallypoint-signaling",
        connection: ada.client.id,
        room: ada.code,
        member: ada.id,
        channel: "event",
        to: bob.id,
        packet_size: 123,
        latency_ms: expect.any(Number) as number,
      }),
    ]);
  });

  it("logs connections and rooms at info, each line with its connection, and no line per message", async () => {
    const { lines, log } = capturedLogger("info");
    const server = await startTestServer({}, { logger: log });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    for (let n = 0; n < 5; n++) await request(ada.client, "relay:send", { to: bob.id, channel: "event", data: "x" });
    const adaId = ada.client.id;
    ada.client.disconnect();

    await expect.poll(() => lines.some((line) => line.msg === "disconnected"), { timeout: WAIT_MS }).toBe(true);
    expect(lines.filter((line) => line.msg === "relayed")).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: "info", msg: "connected", connection: adaId }),
        expect.objectContaining({ msg: "room created", connection: adaId, room: ada.code, member: ada.id }),
        expect.objectContaining({ msg: "member joined", connection: bob.client.id, room: ada.code, member: bob.id }),
        expect.objectContaining({
          msg: "disconnected",
          connection: adaId,
          room: ada.code,
          reason: "client namespace disconnect",
        }),
      ]),
    );
  });
});
