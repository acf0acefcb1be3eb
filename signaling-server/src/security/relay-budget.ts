import type { LimitsConfig } from "../config.js";
import type { LimitCheck } from "./rate-limits.js";

const ALLOWED: LimitCheck = { ok: true };

/** What sets a relay budget's size and rate. */
export type RelayLimits = Pick<LimitsConfig, "relayMessagesPerSecond" | "relayBytesPerSecond" | "relayWindowSeconds">;

/**
 * One socket's relay budget, checked synchronously on every relay:send: two token buckets (messages and payload
 * bytes), each holding `relayWindowSeconds` of its per-second rate and refilling at that rate. A message costs one
 * message and its bytes (at least 1, at most a full bucket); it passes only when both buckets hold its cost, and
 * takes from both. No promise and no object per message (rate-limiter-flexible's promise promoted about 200 B of
 * garbage per relayed message to the old generation), and no window edges: a client cannot spend twice its budget
 * across a boundary, while any client within its rate and a burst of one window's budget is never refused. It holds
 * only its three numbers (the limits are the server's, passed in): it lives in every relaying socket's data.
 */
export class RelayBudget {
  private messages: number;
  private bytes: number;
  private updatedAt: number;

  /** A full budget at `now`. */
  constructor(limits: RelayLimits, now: number) {
    this.messages = limits.relayMessagesPerSecond * limits.relayWindowSeconds;
    this.bytes = limits.relayBytesPerSecond * limits.relayWindowSeconds;
    this.updatedAt = now;
  }

  /** Takes one message of `payloadBytes` at `now` (ms, monotonic), or says which bucket refused it and for how long. */
  take(limits: RelayLimits, payloadBytes: number, now: number): LimitCheck {
    const { relayMessagesPerSecond, relayBytesPerSecond, relayWindowSeconds } = limits;
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.messages = Math.min(
      relayMessagesPerSecond * relayWindowSeconds,
      this.messages + elapsedSeconds * relayMessagesPerSecond,
    );
    this.bytes = Math.min(relayBytesPerSecond * relayWindowSeconds, this.bytes + elapsedSeconds * relayBytesPerSecond);
    const cost = Math.max(1, Math.min(payloadBytes, relayBytesPerSecond * relayWindowSeconds));
    if (this.messages < 1) {
      return {
        ok: false,
        limit: "relay-messages",
        retryAfterMs: ((1 - this.messages) / relayMessagesPerSecond) * 1000,
      };
    }
    if (this.bytes < cost) {
      return { ok: false, limit: "relay-bytes", retryAfterMs: ((cost - this.bytes) / relayBytesPerSecond) * 1000 };
    }
    this.messages -= 1;
    this.bytes -= cost;
    return ALLOWED;
  }
}
