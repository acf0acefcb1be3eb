import type { LinkInfo, Via } from "../../web-client/src/net/index.js";
import type { Channel, JoinTimings } from "./page-agent.js";
import type { Summary } from "./stats.js";

/** Everything one run measured; printed as tables and written as JSON. */
export interface BenchResult {
  startedAt: string;
  settings: BenchSettings;
  environment: {
    node: string;
    chromium: string;
    /** `netns` when run through e2e/scripts/run-isolated.ts in a loopback-only namespace. */
    isolation: string;
    commit: string;
  };
  join: {
    trials: JoinTimings[];
    joinAckMs: Summary | null;
    firstMessageMs: Summary | null;
    upgradeMs: Summary | null;
  };
  rtt: RttRun[];
  /** The host's view of the link at the end of each path's runs (the library's own heartbeat RTT, counters). */
  links: Partial<Record<Via, LinkInfo>>;
  /** `error` and `disconnected` events the managers emitted during the run. */
  errors: string[];
}

export interface RttRun {
  path: Via;
  channel: Channel;
  summary: Summary | null;
  lost: number;
  offPath: number;
  rttsMs: number[];
}

export interface BenchSettings {
  roundTrips: number;
  warmup: number;
  joinTrials: number;
  timeoutMs: number;
}
