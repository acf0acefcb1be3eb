import { test } from "@playwright/test";
import type { TurnTransport } from "@rallypoint/client";
import type { PairPath } from "./expected-path.js";
import type { IceOffer } from "./lab-services.js";
import type { LinkConditions } from "./link-conditions.js";
import type { NatType } from "./nat.js";

/** One pair of players across two routers: where it settled, how fast, and its round-trip time. */
export interface PairResult {
  kind: "pair";
  /** `2 players` for a room of just the pair, else the room it was measured in. */
  scope: string;
  ice: IceOffer;
  a: NatType;
  b: NatType;
  expected: PairPath;
  /** What the library reports: the data channel or the relay. */
  path: "webrtc" | "relay";
  /** On WebRTC, direct or through TURN (`LinkInfo.webrtcRoute`, the same on both sides); null on the relay. */
  route: "direct" | "turn" | null;
  /** Through TURN: how each side reaches it (`LinkInfo.turnTransport`; null where that side's end is not relayed). */
  turnTransport: { a: TurnTransport | null; b: TurnTransport | null };
  /** From the later join to the link settling (WebRTC verified, or WebRTC given up), the slower side's view. */
  connectMs: number;
  /** The goal for connectMs: CONNECT_BOUND_MS, plus the open timeout for a pair that settles on the relay. */
  connectBoundMs: number;
  /** Median round trip of game events on the path the pair settled on. */
  rttMs: number;
}

/** Data channel against relay, with the players near each other and the server far away. */
export interface RttRatioResult {
  kind: "rtt-ratio";
  conditions: string;
  webrtcRttMs: number;
  relayRttMs: number;
  ratio: number;
  goal: number;
  isGoalMet: boolean;
}

/** A moving player behind a lossy, jittery uplink, as another player sees it. */
export interface BadLinkResult {
  kind: "bad-link";
  conditions: LinkConditions;
  durationMs: number;
  statesSent: number;
  statesReceived: number;
  /** Share of the states sent in the window that never arrived. */
  lossRate: number;
  /** Time between consecutive state arrivals at the watcher. */
  gapMs: { p50: number; p95: number; max: number };
  /** Interpolation: share of rendered frames past the newest snapshot, and the position error (world units). */
  underrunRate: number;
  rmsError: number;
  maxError: number;
  /** Reliable events sent during the window that arrived exactly once, in order. */
  eventsExactlyOnce: boolean;
  goals: { name: string; isMet: boolean }[];
}

/** The tap wires' delay as measured with UDP round trips through them. */
export interface WireResult {
  kind: "wire";
  /** Which wires the round trips crossed, and what each was told. */
  path: string;
  /** The one-way delay they add up to. */
  oneWayMs: number;
  roundTrips: number;
  rttMs: { min: number; p50: number; mean: number; p95: number; max: number };
}

export type LabResult = PairResult | RttRatioResult | BadLinkResult | WireResult;

export const LAB_RESULT_ANNOTATION = "lab-result";

/** Hands a measurement to the matrix reporter (matrix-report.ts), which prints and saves them all at the end. */
export function recordResult(result: LabResult): void {
  test.info().annotations.push({ type: LAB_RESULT_ANNOTATION, description: JSON.stringify(result) });
}
