import type { RetryConfig } from "./link-policy.js";

/** Timing and size settings of every peer link; GameNetworkManager's options fill them in. */
export interface PeerLinkConfig {
  /** How long a WebRTC attempt may take to open and answer a ping. */
  openTimeoutMs: number;
  /** How often each link pings the path in use. */
  heartbeatIntervalMs: number;
  /** An open data channel that has been silent this long is dead. */
  heartbeatTimeoutMs: number;
  retry: RetryConfig;
  /** Most reliable events awaiting acknowledgement per peer. */
  maxPendingEvents: number;
  now(): number;
  random(): number;
}
