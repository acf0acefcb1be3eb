import getPort from "get-port";
import { spawnSync } from "node:child_process";
import { createConnection } from "node:net";
import { spawnService, waitUntilReady, type ServiceProcess } from "./service-process.js";

/** Whether `redis-server` can be started here (Debian: apt-get install -y redis-server; .ci/run installs it). */
export const hasRedisServer = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

export interface RedisServer extends ServiceProcess {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  port: number;
}

/** Starts a throwaway redis-server on a free loopback port: no persistence, nothing kept after it stops. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await getPort({ host: "127.0.0.1" });
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const service = spawnService("redis-server", args);
  await waitUntilReady(service, () => answersPing(port), `redis-server on 127.0.0.1:${port}`, 10_000);
  return { ...service, url: `redis://127.0.0.1:${port}`, port };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, "127.0.0.1");
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}
