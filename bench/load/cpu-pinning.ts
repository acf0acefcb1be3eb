import { execFileSync } from "node:child_process";

/** With BENCH_LOAD_PIN: the cores the server under test and the bots get, one each. */
export const PINNED_CPUS = { server: 0, bots: 1 } as const;

/**
 * Pins every thread of process `pid` to core `cpu` (`taskset -a -p -c`); threads it starts later inherit the
 * affinity. The server then has one core to itself, so what it carries on it is measured rather than extrapolated.
 */
export function pinToCpu(pid: number, cpu: number): void {
  execFileSync("taskset", ["-a", "-p", "-c", String(cpu), String(pid)], { stdio: "ignore" });
}
