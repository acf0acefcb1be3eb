import type { PeerLinkConfig } from "../links/peer-link-config.js";

/** A peer link's settings for tests: the library's timings, no retry jitter, a fixed random number. */
export const TEST_LINK_CONFIG: PeerLinkConfig = {
  openTimeoutMs: 5000,
  heartbeatIntervalMs: 1000,
  heartbeatTimeoutMs: 3000,
  retry: { initialDelayMs: 2000, maxDelayMs: 60_000, jitter: 0 },
  maxPendingEvents: 16,
  now: () => Date.now(),
  random: () => 0.5,
};
