/**
 * Protocol fuzzing throughput: random and mutated payloads of every client event (and unknown ones) from several
 * sockets against the built server, as fast as it answers. Prints events/s and the server's heap before and after
 * (from its own /metrics). See README.md; run with `npm run bench:fuzz` from the repository root.
 */
import fc from "fast-check";
import { socketIoParser } from "@rallypoint/protocol";
import { io, type Socket } from "socket.io-client";
import { fileURLToPath } from "node:url";
import { FuzzSwarm, fuzzCommand } from "../signaling-server/test/support/protocol-fuzz.js";
import { startBenchServer } from "./support/bench-server.js";

const EVENTS = Number(process.env.BENCH_FUZZ_EVENTS ?? 100_000);
const SOCKETS = Number(process.env.BENCH_FUZZ_SOCKETS ?? 8);
const BATCH = 1000;
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 42);
const serverEntry = fileURLToPath(new URL("../signaling-server/dist/main.js", import.meta.url));

/**
 * The fuzzing clients reconnect and rejoin after every drop; join and create limits would soon refuse them and leave
 * the rest of the run measuring refusals. Invalid-message and relay limits stay at their defaults.
 */
Object.assign(process.env, {
  ROOM_CREATES_PER_MINUTE: "1000000",
  JOIN_ATTEMPTS_PER_MINUTE: "1000000",
  FAILED_JOINS_PER_DAY: "1000000",
  MAX_ROOMS_PER_IP: "1000000",
  MAX_CONNECTIONS_PER_IP: "1000000",
});

async function heapUsed(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith("nodejs_heap_size_used_bytes "));
  return Number(line?.split(" ").pop() ?? NaN);
}

async function counter(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter((row) => row.startsWith(name))
    .reduce((sum, row) => sum + Number(row.split(" ").pop()), 0);
}

function connect(url: string): Promise<Socket> {
  const client = io(url, { transports: ["websocket"], parser: socketIoParser, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    client.once("connect", () => resolve(client));
    client.once("connect_error", reject);
  });
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const server = await startBenchServer(serverEntry, 20_000);
try {
  const swarm = new FuzzSwarm(SOCKETS, () => connect(server.url));
  await swarm.settle();
  const heapBefore = await heapUsed(server.url);
  const commands = fc.sample(fuzzCommand(SOCKETS), { numRuns: BATCH, seed: SEED });
  const startedAt = performance.now();
  for (let sent = 0; sent < EVENTS; sent += BATCH) {
    for (const command of commands.slice(0, Math.min(BATCH, EVENTS - sent))) swarm.send(command);
    // Also waits until the server has handled the batch: its answers to the rejoins queue behind it.
    await swarm.settle();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const health = await fetch(`${server.url}/healthz`);
  const heapAfter = await heapUsed(server.url);
  swarm.close();

  const rows: [string, string][] = [
    ["events sent", String(EVENTS)],
    ["sockets", String(SOCKETS)],
    ["seconds", seconds.toFixed(2)],
    ["events/s", Math.round(EVENTS / seconds).toLocaleString("en")],
    ["sockets dropped and replaced", String(swarm.replaced)],
    ["invalid messages counted", String(await counter(server.url, "invalid_messages_total"))],
    ["rate-limited", String(await counter(server.url, "rate_limited_total"))],
    ["handler errors", String(await counter(server.url, "handler_errors_total"))],
    ["server heap before", mb(heapBefore)],
    ["server heap after", mb(heapAfter)],
    ["/healthz after", String(health.status)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log("Protocol fuzz against the built server");
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
} finally {
  await server.stop();
}
