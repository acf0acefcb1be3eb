/**
 * Restart recovery: rooms of players (the client library's SignalingClient, in Node) on the built server with no
 * Redis, then SIGTERM and a new process on the same port with the same SESSION_SECRET, as a deploy does. Prints how
 * long after the new process listens every player has its seat back (same id, same host). Run with
 * `npm run bench:restart` from the repository root (it builds first).
 */
import getPort from "get-port";
import { randomBytes } from "node:crypto";
import { spawnService, waitUntilReady, type ServiceProcess } from "../scripts/support/service-process.js";
// The signaling client alone: the library barrel also loads PeerJS, which needs a browser.
import { SignalingClient } from "../web-client/src/net/transport/signaling-client.js";

const ENTRY = "signaling-server/dist/main.js";
const ROOMS = Number(process.env.BENCH_ROOMS ?? 10);
const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 4);
const TIMEOUT_MS = 30_000;

interface Player {
  client: SignalingClient;
  selfId: string;
  hostId: string;
  /** Members who joined its room after it: it has heard of all of them once this is the seats after its own. */
  laterJoins: number;
  resumedAt?: number;
  resumedAs?: { selfId: string; hostId: string };
}

/** Starts the server; resolves once it logs that it listens, with the time it did (to the chunk, not to a poll). */
async function startServer(port: number, secret: string): Promise<{ server: ServiceProcess; listeningAt: number }> {
  const server = spawnService(process.execPath, [ENTRY], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", SESSION_SECRET: secret },
  });
  let listeningAt: number | undefined;
  server.process.stdout?.on("data", (chunk: Buffer) => {
    if (listeningAt === undefined && chunk.toString().includes("Rallypoint listening")) listeningAt = performance.now();
  });
  await waitUntilReady(server, () => listeningAt !== undefined, `the server listening on port ${port}`, 10_000);
  return { server, listeningAt: listeningAt ?? Number.NaN };
}

async function seatPlayers(url: string): Promise<Player[]> {
  const players: Player[] = [];
  for (let room = 0; room < ROOMS; room++) {
    let code: string | undefined;
    for (let seat = 0; seat < PLAYERS; seat++) {
      const client = new SignalingClient({ serverUrl: url });
      await client.connect();
      const joined = code === undefined ? await client.createRoom(`P${seat}`) : await client.joinRoom(code, `P${seat}`);
      code = joined.code;
      const player: Player = { client, selfId: joined.selfId, hostId: joined.hostId, laterJoins: 0 };
      client.on("peer:joined", () => player.laterJoins++);
      players.push(player);
    }
  }
  // Every player has heard of every later join before the restart (its room view is complete).
  const heardAll = (player: Player, index: number): boolean => player.laterJoins === PLAYERS - 1 - (index % PLAYERS);
  if (!(await pollUntil(() => players.every(heardAll), TIMEOUT_MS))) {
    throw new Error(`players did not hear of every join within ${TIMEOUT_MS} ms`);
  }
  return players;
}

/** Checks `condition` every 20 ms until it holds (true) or `ms` pass (false). */
async function pollUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

const port = await getPort({ host: "127.0.0.1" });
const secret = randomBytes(32).toString("base64url");
const first = await startServer(port, secret);
const players = await seatPlayers(`http://127.0.0.1:${port}`);
const lost: string[] = [];
for (const player of players) {
  player.client.on("resumed", (joined) => {
    player.resumedAt = performance.now();
    player.resumedAs = { selfId: joined.selfId, hostId: joined.hostId };
  });
  player.client.on("disconnected", (reason) => lost.push(`${player.selfId}: ${reason}`));
}

const stoppedAt = performance.now();
await first.server.close();
const next = await startServer(port, secret);
await pollUntil(() => players.every((player) => player.resumedAt !== undefined) || lost.length > 0, TIMEOUT_MS);

const back = players.filter((player) => player.resumedAt !== undefined);
const same = back.filter((p) => p.resumedAs?.selfId === p.selfId && p.resumedAs.hostId === p.hostId).length;
const sinceListen = back.map((player) => (player.resumedAt ?? 0) - next.listeningAt).sort((a, b) => a - b);
const last = sinceListen.at(-1) ?? Number.NaN;
const median = sinceListen[Math.floor(sinceListen.length / 2)] ?? Number.NaN;
console.log(`restart recovery: ${ROOMS} rooms x ${PLAYERS} players, no Redis, same SESSION_SECRET, same port`);
console.log(`  old process stopped -> new one listening: ${(next.listeningAt - stoppedAt).toFixed(0)} ms`);
console.log(`  players back: ${back.length}/${players.length}, same id and host: ${same}/${players.length}`);
console.log(`  after the new process listens: median ${median.toFixed(0)} ms, last ${last.toFixed(0)} ms`);
console.log(`  every player back within 3 s of listening: ${back.length === players.length && last < 3000}`);
if (lost.length > 0) console.log(`  sessions lost: ${lost.join(", ")}`);

for (const player of players) player.client.close();
await next.server.close();
process.exit(back.length === players.length && same === players.length ? 0 : 1);
