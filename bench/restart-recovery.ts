/**
 * Restart recovery: rooms of players (the client library's SignalingClient, in Node) on the built server with no
 * Redis, then SIGTERM and a new process on the same port with the same SESSION_SECRET, as a deploy does. Prints how
 * long after the new process listens every player has its seat back (same id, same host). Run with
 * `npm run bench:restart` from the repository root (it builds first).
 */
import getPort from "get-port";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
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
  resumedAt?: number;
  resumedAs?: { selfId: string; hostId: string };
}

/** Starts the server; resolves when it logs that it listens, with the time it did. */
function startServer(port: number, secret: string): Promise<{ child: ChildProcess; listeningAt: number }> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", SESSION_SECRET: secret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not listen within 10 s")), 10_000);
    child.once("exit", (code) => reject(new Error(`the server exited (${String(code)})`)));
    child.stdout.on("data", (chunk: Buffer) => {
      if (!chunk.toString().includes("Rallypoint listening")) return;
      clearTimeout(timer);
      resolve({ child, listeningAt: performance.now() });
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function seatPlayers(url: string): Promise<Player[]> {
  const players: Player[] = [];
  for (let room = 0; room < ROOMS; room++) {
    let code: string | undefined;
    for (let seat = 0; seat < PLAYERS; seat++) {
      const client = new SignalingClient({ serverUrl: url });
      await client.connect();
      const name = `P${seat}`;
      const joined =
        code === undefined
          ? await client.enter("room:create", { name })
          : await client.enter("room:join", { code, name });
      code = joined.code;
      players.push({ client, selfId: joined.selfId, hostId: joined.hostId });
    }
  }
  // Every player has heard of every later join before the restart (its room view is complete).
  await new Promise((resolve) => setTimeout(resolve, 200));
  return players;
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
await stopServer(first.child);
const next = await startServer(port, secret);
const deadline = performance.now() + TIMEOUT_MS;
while (players.some((player) => player.resumedAt === undefined) && lost.length === 0 && performance.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

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
await stopServer(next.child);
process.exit(back.length === players.length && same === players.length ? 0 : 1);
