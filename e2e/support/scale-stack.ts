import getPort from "get-port";
import { spawnSync } from "node:child_process";
import { startBalancer, type Balancer } from "./tcp-balancer.js";
import { isListening, spawnLogged, startServer, waitFor, type ServerProcess, type Started } from "./turn-stack.js";

/** Whether `redis-server` is installed (Debian: apt-get install -y redis-server; .ci/run installs it). */
export const hasRedisServer = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

/**
 * Two server processes sharing rooms through one redis-server, as two replicas of a deployment, and a front door
 * for each: `frontA` sends players to node A while it is up (then to B), `frontB` to node B (then to A). Players
 * given different fronts land on different nodes; when a node dies, its front fails over to the other, as a load
 * balancer would.
 */
export interface ScaleStack {
  redis: Started;
  nodeA: ServerProcess;
  nodeB: ServerProcess;
  frontA: Balancer;
  frontB: Balancer;
  /** Everything the processes printed, for a failure report. */
  output(): string;
  close(): Promise<void>;
}

const SERVER_READY_MS = 30_000;

/** Starts redis-server on a free loopback port, without persistence. */
export async function startRedis(): Promise<Started & { url: string }> {
  const port = await getPort({ host: "127.0.0.1" });
  const child = spawnLogged("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  await waitFor(child, () => isListening(port), `redis-server on 127.0.0.1:${port} (apt-get install -y redis-server)`);
  return { url: `redis://127.0.0.1:${port}`, output: child.output, close: child.close, kill: child.kill };
}

export async function startScaleStack(env: Record<string, string>): Promise<ScaleStack> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const redis = await startRedis();
    started.push(redis);
    const shared = { ...env, REDIS_URL: redis.url };
    // Side by side, and with time to spare: on a busy two-core machine loading a server alone can take seconds.
    const nodes = await Promise.allSettled([
      startServer(shared, SERVER_READY_MS),
      startServer(shared, SERVER_READY_MS),
    ]);
    for (const node of nodes) if (node.status === "fulfilled") started.push(node.value);
    const [nodeA, nodeB] = nodes.map((node) => {
      if (node.status === "rejected") throw node.reason;
      return node.value;
    }) as [ServerProcess, ServerProcess];
    const frontA = await startBalancer([nodeA.url, nodeB.url]);
    started.push(frontA);
    const frontB = await startBalancer([nodeB.url, nodeA.url]);
    started.push(frontB);
    return {
      redis,
      nodeA,
      nodeB,
      frontA,
      frontB,
      output: () =>
        [`--- node A ---`, nodeA.output(), `--- node B ---`, nodeB.output(), `--- redis ---`, redis.output()].join(
          "\n",
        ),
      close: async () => {
        for (const process of started.reverse()) await process.close();
      },
    };
  } catch (error) {
    for (const process of started.reverse()) await process.close();
    throw error;
  }
}
