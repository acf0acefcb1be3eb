import { summarize, type Summary } from "./stats.js";

export interface ThroughputOptions {
  /** Each candidate runs this long before any round, so the JIT has compiled it. */
  warmupMs: number;
  rounds: number;
  roundMs: number;
}

export interface Throughput {
  /** Operations per CPU second of each round; the median is the figure to compare. */
  opsPerSecond: Summary | null;
  rounds: number[];
  /** The sum of every result `run` returned: the work has an observable outcome, so the engine cannot skip it. */
  checksum: number;
}

const BATCH = 64;

/**
 * Operations per CPU second of each candidate: rounds are timed with this process's CPU time (user + system), so
 * time spent descheduled on a busy machine does not count; on an idle core it is ops/s. `run(i)` does one operation
 * on the i-th input and returns a number derived from its result. Rounds alternate between candidates, so a slow
 * patch of the machine (cache pressure from other processes, CPU throttling) hits all of them alike.
 */
export function measureThroughput<K extends string>(
  candidates: Record<K, (index: number) => number>,
  options: ThroughputOptions,
): Record<K, Throughput> {
  const names = Object.keys(candidates) as K[];
  const results = new Map<K, Throughput>(names.map((name) => [name, { opsPerSecond: null, rounds: [], checksum: 0 }]));
  const round = (name: K, durationMs: number): number => {
    const result = timedRound(candidates[name], durationMs);
    const entry = results.get(name);
    if (entry) entry.checksum += result.checksum;
    return result.opsPerSecond;
  };
  for (const name of names) round(name, options.warmupMs);
  for (let index = 0; index < options.rounds; index++) {
    for (const name of names) results.get(name)?.rounds.push(round(name, options.roundMs));
  }
  for (const entry of results.values()) entry.opsPerSecond = summarize(entry.rounds);
  return Object.fromEntries(results) as Record<K, Throughput>;
}

/**
 * How many times faster `a` is than `b`: the median over rounds of a's ops over b's in the same round. Neighbouring
 * rounds share the machine's state, so the pairs cancel most of its noise.
 */
export function speedup(a: Throughput, b: Throughput): number {
  return summarize(a.rounds.map((ops, index) => ops / (b.rounds[index] ?? NaN)))?.median ?? NaN;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function timedRound(run: (index: number) => number, durationMs: number): { opsPerSecond: number; checksum: number } {
  const start = cpuMs();
  let ops = 0;
  let checksum = 0;
  let elapsed: number;
  do {
    for (let i = 0; i < BATCH; i++) checksum += run(ops + i);
    ops += BATCH;
    elapsed = cpuMs() - start;
  } while (elapsed < durationMs);
  return { opsPerSecond: (ops / elapsed) * 1000, checksum };
}
