import type { RelayReason } from "@rallypoint/protocol";
import { NetworkMode } from "./network-mode.js";

/**
 * Where one peer pair stands: `LinkInfo.state`.
 * @example
 * const isDirect = net.getLinks().every((link) => link.state === LinkState.WebRTC);
 */
export const LinkState = {
  /** On the relay, WebRTC not being attempted (SIGNALING_ONLY), or the pair just started. */
  Relay: "relay",
  /** On the relay (or waiting, in WEBRTC_ONLY) while a WebRTC attempt runs. */
  Upgrading: "upgrading",
  /** On a verified WebRTC data channel. */
  WebRTC: "webrtc",
  /** WebRTC failed; on the relay, retrying later. */
  FailedWebRTC: "failed-webrtc",
  /** WEBRTC_ONLY and no WebRTC path: nothing is sent; retrying later. */
  Unreachable: "unreachable",
} as const;
export type LinkState = (typeof LinkState)[keyof typeof LinkState];

export type LinkInput =
  | { type: "mode-changed"; mode: NetworkMode }
  /** The data channel opened and answered a ping. */
  | { type: "webrtc-verified" }
  /** Open timeout, `connectionState` failed, channel closed, or heartbeats missed. */
  | { type: "webrtc-failed" }
  /** The remote side dialed us. */
  | { type: "incoming-connection" }
  | { type: "retry-due" }
  /** One side of the pair came back from a signaling outage: start over on the relay and try WebRTC afresh. */
  | { type: "restart" };

export type LinkAction =
  /** Start a WebRTC attempt (dial, or wait for the remote's dial), with its open timeout. */
  | { type: "attempt-webrtc" }
  /** Take the connection the remote side dialed, as the current attempt. */
  | { type: "accept-webrtc" }
  /** Refuse the connection the remote side dialed. */
  | { type: "reject-webrtc" }
  | { type: "close-webrtc" }
  | { type: "schedule-retry"; delayMs: number }
  | { type: "cancel-retry" };

/**
 * Backoff between WebRTC attempts after a failure (the `retry` option); each field says its default.
 * @example
 * new GameNetworkManager({ retry: { initialDelayMs: 500, maxDelayMs: 10_000 } });
 */
export interface RetryConfig {
  /** First retry delay. Default 2000 ms. */
  initialDelayMs: number;
  /** Delays double up to this. Default 60000 ms. */
  maxDelayMs: number;
  /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter]. Default 0.2. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryConfig = { initialDelayMs: 2000, maxDelayMs: 60_000, jitter: 0.2 };

export interface LinkPolicyState {
  state: LinkState;
  mode: NetworkMode;
  /** WebRTC failures since the last success, for the backoff. */
  failures: number;
}

export interface LinkTransition {
  next: LinkPolicyState;
  actions: LinkAction[];
}

/** The state of a new pair: on the relay, and attempting WebRTC unless the mode forbids it. */
export function initialLink(mode: NetworkMode): LinkTransition {
  return decide({ state: LinkState.Relay, mode, failures: 0 }, { type: "mode-changed", mode });
}

/** Exponential backoff with jitter; `random` in [0, 1). */
export function retryDelay(failures: number, config: RetryConfig, random: number): number {
  const base = Math.min(config.maxDelayMs, config.initialDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 - config.jitter + 2 * config.jitter * random));
}

/**
 * The whole decision logic of a peer pair, pure: which state follows an input, and what to do about it.
 * The transport carries out the actions; this function never touches a connection or a timer.
 */
export function decide(
  current: LinkPolicyState,
  input: LinkInput,
  retry: RetryConfig = DEFAULT_RETRY,
  random: () => number = Math.random,
): LinkTransition {
  const stay: LinkTransition = { next: current, actions: [] };
  switch (input.type) {
    case "mode-changed": {
      const next = { ...current, mode: input.mode };
      if (input.mode === NetworkMode.SignalingOnly) {
        return {
          next: { ...next, state: LinkState.Relay, failures: 0 },
          actions: [{ type: "close-webrtc" }, { type: "cancel-retry" }],
        };
      }
      if (current.state === LinkState.WebRTC) return { next, actions: [] };
      if (current.state === LinkState.Upgrading) return { next, actions: [] };
      return {
        next: { ...next, state: LinkState.Upgrading },
        actions: [{ type: "cancel-retry" }, { type: "attempt-webrtc" }],
      };
    }
    case "incoming-connection": {
      if (current.mode === NetworkMode.SignalingOnly) return { next: current, actions: [{ type: "reject-webrtc" }] };
      // A (re)dial from the remote side is a fresh attempt, whatever we thought of the previous one.
      return {
        next: { ...current, state: LinkState.Upgrading },
        actions: [{ type: "cancel-retry" }, { type: "close-webrtc" }, { type: "accept-webrtc" }],
      };
    }
    case "webrtc-verified": {
      if (current.mode === NetworkMode.SignalingOnly) return { next: current, actions: [{ type: "close-webrtc" }] };
      return { next: { ...current, state: LinkState.WebRTC, failures: 0 }, actions: [{ type: "cancel-retry" }] };
    }
    case "webrtc-failed": {
      if (current.mode === NetworkMode.SignalingOnly) return stay;
      if (current.state !== LinkState.Upgrading && current.state !== LinkState.WebRTC) return stay;
      const failures = current.failures + 1;
      const state = current.mode === NetworkMode.WebRTCOnly ? LinkState.Unreachable : LinkState.FailedWebRTC;
      return {
        next: { ...current, state, failures },
        actions: [{ type: "close-webrtc" }, { type: "schedule-retry", delayMs: retryDelay(failures, retry, random()) }],
      };
    }
    case "restart": {
      if (current.mode === NetworkMode.SignalingOnly) return stay;
      // Whatever channel survived the outage may be half dead (the other side may have rebuilt its PeerJS peer).
      return {
        next: { ...current, state: LinkState.Upgrading, failures: 0 },
        actions: [{ type: "cancel-retry" }, { type: "close-webrtc" }, { type: "attempt-webrtc" }],
      };
    }
    case "retry-due": {
      if (current.state !== LinkState.FailedWebRTC && current.state !== LinkState.Unreachable) return stay;
      return { next: { ...current, state: LinkState.Upgrading }, actions: [{ type: "attempt-webrtc" }] };
    }
  }
}

/** Whether game messages of this pair go over WebRTC, the relay, or nowhere (WEBRTC_ONLY without a channel). */
export function routeFor(policy: LinkPolicyState): "webrtc" | "relay" | "none" {
  if (policy.state === LinkState.WebRTC) return "webrtc";
  return policy.mode === NetworkMode.WebRTCOnly ? "none" : "relay";
}

/**
 * Why a pair is off WebRTC (`LinkInfo.relayReason`), null while on it: its mode, else the kind of the last failure
 * the policy counted (`lastFailureKind`), else the first attempt is still running.
 */
export function relayReason(policy: LinkPolicyState, lastFailureKind: RelayReason | null): RelayReason | null {
  if (routeFor(policy) === "webrtc") return null;
  if (policy.mode === NetworkMode.SignalingOnly) return "signaling-only";
  return policy.failures > 0 ? (lastFailureKind ?? "connecting") : "connecting";
}
