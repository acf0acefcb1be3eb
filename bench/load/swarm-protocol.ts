import type { TargetKind } from "./bot-links.js";
import type { TallyData } from "./tally.js";

/** One room a bot thread opens: its name on the baselines (Rallypoint's server picks its own code). */
export interface RoomPlan {
  name: string;
  size: number;
}

/** The load phase, on the shared clock (`performance.timeOrigin + performance.now()`, epoch ms). */
export interface LoadPlan {
  stateHz: number;
  /** 0: no events. */
  eventHz: number;
  /** Messages sent from here on are counted; the ones before are the warm-up. */
  measureFrom: number;
  /** Bots stop sending here. */
  measureUntil: number;
  /** The ping pair pings this often while the load runs. */
  pingEveryMs: number;
}

/** What the main thread asks a bot thread, and what each command answers. */
export type SwarmCommand =
  | { type: "connect"; target: TargetKind; url: string; rooms: RoomPlan[]; hasPingPair: boolean }
  | { type: "ping"; count: number }
  | { type: "load"; plan: LoadPlan }
  | { type: "progress" }
  | { type: "tally" }
  | { type: "flood"; url: string }
  | { type: "unflood" }
  | { type: "close" };

export interface ConnectResult {
  bots: number;
  failures: string[];
}

export interface PingResult {
  rttsMs: number[];
  lost: number;
}

/** Counters since the bots connected, for the progress line. */
export interface Progress {
  sent: number;
  received: number;
  dropped: number;
}

export interface SwarmResults {
  connect: ConnectResult;
  ping: PingResult;
  load: null;
  progress: Progress;
  /** The measured window, and the pings sent under load. */
  tally: { tally: TallyData; pingUnderLoad: PingResult };
  flood: null;
  unflood: FloodResult;
  close: null;
}

/** What the flooder (flooder.ts) sent, and whether the server cut it. */
export interface FloodResult {
  sentMessages: number;
  droppedBecause: string | undefined;
}

export interface SwarmRequest {
  id: number;
  command: SwarmCommand;
}

export type SwarmResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
