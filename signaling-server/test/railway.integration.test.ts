import getPort from "get-port";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { socketIoParser } from "@rallypoint/protocol";
import { io } from "socket.io-client";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  runToCompletion,
  spawnService,
  waitUntilReady,
  type ServiceOptions,
  type ServiceProcess,
} from "../../scripts/support/service-process.js";
import { withTimeout } from "./support/test-server.js";

/**
 * railway.json as Railway reads it (config as code, https://docs.railway.com/reference/config-as-code): only the
 * fields this repository sets, with the values Railway accepts.
 */
const RailwayConfig = z.object({
  $schema: z.literal("https://railway.com/railway.schema.json"),
  build: z.strictObject({ builder: z.enum(["RAILPACK", "DOCKERFILE", "NIXPACKS"]), buildCommand: z.string().min(1) }),
  deploy: z.strictObject({
    startCommand: z.string().min(1),
    healthcheckPath: z.string().startsWith("/"),
    /** Seconds. */
    healthcheckTimeout: z.number().int().positive(),
    restartPolicyType: z.enum(["ON_FAILURE", "ALWAYS", "NEVER"]),
    restartPolicyMaxRetries: z.number().int().min(0),
  }),
});

const repositoryRoot = new URL("../../", import.meta.url).pathname;
const railway = RailwayConfig.parse(JSON.parse(readFileSync(`${repositoryRoot}railway.json`, "utf8")));
/** Railway's health checker sends this Host header; a server that checks hosts must answer it. */
const HEALTHCHECK_HOST = "healthcheck.railway.app";
const BUILD_TIMEOUT_MS = 180_000;

interface Response {
  status: number;
  type: string;
  body: string;
}

/** node:http rather than fetch: fetch will not send a Host header of our choosing. */
function get(port: number, path: string, host?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, headers: host ? { host } : {} }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, type: response.headers["content-type"] ?? "", body });
      });
    });
    request.on("error", reject);
    request.setTimeout(2000, () => request.destroy(new Error(`GET ${path} timed out`)));
    request.end();
  });
}

/**
 * How Railway runs a command from railway.json: through a shell (Railpack runs the start command "in a shell
 * process"), at the repository root. Its own process group, so that nothing it starts can outlive the test.
 */
const shell = (command: string): [string, string[]] => ["sh", ["-c", command]];
const asRailway = (env: NodeJS.ProcessEnv): ServiceOptions => ({ cwd: repositoryRoot, env, ownGroup: true });

describe("railway.json", () => {
  it("builds with the build command and starts built JavaScript, not TypeScript through a dev tool", () => {
    expect(railway.build.buildCommand).toBe("npm run build");
    // `exec`: the shell Railpack runs the start command in must not stay between the platform and node, or the
    // SIGTERM of a redeploy stops at the shell and node never shuts down gracefully (dash, Debian's sh, keeps
    // itself as the parent of a plain `node ...`).
    // STATIC_DIR: the demo is what this repository deploys at `/`.
    expect(railway.deploy.startCommand).toMatch(/^STATIC_DIR=\S+ exec node \S+\.js$/);
    expect(railway.deploy.healthcheckPath).toBe("/healthz");
  });

  describe("deployed as Railway would", () => {
    let server: ServiceProcess | undefined;

    beforeAll(async () => {
      // The environment of a plain shell: not vitest's NODE_ENV=test, which would change how Vite builds.
      const shellEnv = { ...process.env };
      delete shellEnv.NODE_ENV;
      delete shellEnv.VITEST;
      const { buildCommand } = railway.build;
      const build = await runToCompletion(...shell(buildCommand), {
        ...asRailway(shellEnv),
        timeoutMs: BUILD_TIMEOUT_MS,
      });
      if (build.code !== 0) throw new Error(`${buildCommand} failed (${String(build.code)}):\n${build.output}`);
    }, BUILD_TIMEOUT_MS + 10_000);

    afterAll(() => server?.kill());

    it("answers the health check on the platform's PORT within the timeout, serves the demo, and exits cleanly on SIGTERM", async () => {
      const port = await getPort({ host: "127.0.0.1" });
      // What the platform provides, and nothing from this machine's shell but PATH.
      const deployed = spawnService(
        ...shell(railway.deploy.startCommand),
        asRailway({ PATH: process.env.PATH, PORT: String(port), NODE_ENV: "production" }),
      );
      server = deployed;
      const { healthcheckPath, healthcheckTimeout } = railway.deploy;
      const isHealthy = async (): Promise<boolean> =>
        (await get(port, healthcheckPath, HEALTHCHECK_HOST).catch(() => undefined))?.status === 200;
      await waitUntilReady(deployed, isHealthy, `a 200 from ${healthcheckPath}`, healthcheckTimeout * 1000);
      const health = await get(port, healthcheckPath, HEALTHCHECK_HOST);
      expect(JSON.parse(health.body)).toMatchObject({ status: "ok", rooms: 0 });

      const demo = await get(port, "/");
      expect(demo.status).toBe(200);
      expect(demo.type).toContain("text/html");
      expect(demo.body).toContain("<script");
      const library = await get(port, "/rallypoint/rallypoint.js");
      expect(library.status).toBe(200);
      expect(library.type).toContain("javascript");
      // In production /metrics needs METRICS_TOKEN, which this deployment does not set.
      expect((await get(port, "/metrics")).status).toBe(403);

      // Structured logs on stdout: one JSON object per line, the level as a word. In production with no STUN or
      // TURN configured, a warning says that pairs behind NAT will use the relay.
      const lines = deployed
        .output()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(expect.objectContaining({ level: "info", port }));
      const warnings = lines.filter((line) => line.level === "warn").map((line) => String(line.msg));
      expect(warnings).toContainEqual(expect.stringMatching(/no STUN or TURN.*relay/));

      // A redeploy: the platform sends SIGTERM; connected clients are told, and the process exits 0.
      const client = io(`http://127.0.0.1:${port}`, {
        transports: ["websocket"],
        parser: socketIoParser,
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) => {
        client.once("connect", resolve);
        client.once("connect_error", reject);
      });
      let notice: unknown;
      client.once("server:shutdown", (event: unknown) => (notice = event));
      // To the shell's process alone, as the platform sends it: only an `exec` gets it to node.
      deployed.process.kill("SIGTERM");
      // main.ts gives up after 7 s; a process still running at 10 s never got the signal.
      const code = await withTimeout(deployed.exited, "waiting for the exit on SIGTERM", 10_000);
      expect(code, `a clean exit on SIGTERM; output:\n${deployed.output()}`).toBe(0);
      await expect.poll(() => notice, { timeout: 1000 }).toEqual({ retryAfterMs: 2000 });
      client.close();
    }, 30_000);
  });
});
