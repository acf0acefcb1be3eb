import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { BenchServerOptions } from "../support/bench-server.js";
import { processRssBytes } from "./process-usage.js";

/** A server's memory after a full garbage collection. */
export interface ServerMemory {
  rssBytes: number;
  /** What the V8 heap's live objects take: what connections keep, without the allocator's spare pages. */
  heapUsedBytes: number;
  /** Buffers and other memory outside the V8 heap that JavaScript objects hold. */
  externalBytes: number;
}

const WAIT_MS = 5000;

/**
 * The flags and environment that make a server collect its garbage and write `process.memoryUsage()` to a file on
 * SIGUSR2. A one-line hook given to `--import` as a data: URL, so nothing is added to any server's files.
 */
export function memoryProbe(name: string): {
  options: Required<BenchServerOptions>;
  read: (pid: number) => Promise<ServerMemory>;
} {
  const file = `${tmpdir()}/rallypoint-bench-memory-${process.pid}-${name}.json`;
  const hook =
    "import { writeFileSync } from 'node:fs';" +
    "process.on('SIGUSR2', () => { globalThis.gc();" +
    " writeFileSync(process.env.BENCH_MEMORY_FILE, JSON.stringify(process.memoryUsage())); });";
  return {
    options: {
      nodeArgs: ["--expose-gc", "--import", `data:text/javascript,${encodeURIComponent(hook)}`],
      env: { BENCH_MEMORY_FILE: file },
    },
    read: (pid) => readMemory(pid, file),
  };
}

async function readMemory(pid: number, file: string): Promise<ServerMemory> {
  await rm(file, { force: true });
  process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const text = await readFile(file, "utf8").catch(() => "");
    // The file may be read half-written; the next poll finds it whole.
    const usage = parse(text);
    if (usage) {
      await rm(file, { force: true });
      return { rssBytes: processRssBytes(pid), heapUsedBytes: usage.heapUsed, externalBytes: usage.external };
    }
    if (Date.now() > deadline) throw new Error(`The server (pid ${pid}) wrote no memory usage within ${WAIT_MS} ms`);
  }
}

function parse(text: string): { heapUsed: number; external: number } | undefined {
  try {
    const value = JSON.parse(text) as { heapUsed?: unknown; external?: unknown };
    return typeof value.heapUsed === "number" && typeof value.external === "number"
      ? { heapUsed: value.heapUsed, external: value.external }
      : undefined;
  } catch {
    return undefined;
  }
}
