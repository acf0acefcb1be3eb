import { startRedisServer, type RedisServer } from "../../scripts/support/redis-server.js";
import { startServer, type ServerProcess } from "./server-process.js";
import { startBalancer, type Balancer } from "./tcp-balancer.js";

export { hasRedisServer } from "../../scripts/support/redis-server.js";

/**
 * Two server processes sharing rooms through one redis-server, as two replicas of a deployment, and a front door
 * for each: `frontA` sends players to node A while it is up (then to B), `frontB` to node B (then to A). Players
 * given different fronts land on different nodes; when a node dies, its front fails over to the other, as a load
 * balancer would.
 */
export interface ScaleStack {
  redis: RedisServer;
  nodeA: ServerProcess;
  nodeB: ServerProcess;
  frontA: Balancer;
  frontB: Balancer;
  /** Everything the processes printed, for a failure report. */
  output(): string;
  close(): Promise<void>;
}

const SERVER_READY_MS = 30_000;

export async function startScaleStack(env: Record<string, string>): Promise<ScaleStack> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const redis = await startRedisServer();
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
