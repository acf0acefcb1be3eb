import getPort from "get-port";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const serverMain = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface ServerProcess {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Ends the process at once, as a crash or an OOM kill would: no shutdown notice, nothing cleaned up. */
  kill(): Promise<void>;
  output(): string;
}

/**
 * Starts the server in a process of its own (src/main.ts through tsx), on a free port, with `env` as its
 * environment on top of the defaults: for the tests that must kill a server the way a crash does.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await getPort({ host: "127.0.0.1" });
  const child = spawn(process.execPath, ["--import", "tsx", serverMain], {
    cwd: repositoryRoot,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => void (output = (output + chunk.toString()).slice(-10_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await isReady(url))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await kill();
      throw new Error(`The server process did not become ready on ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, kill, output: () => output };
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`)).ok;
  } catch {
    return false;
  }
}
