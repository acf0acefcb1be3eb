import type { LimitsConfig } from "../config.js";
import type { SocketData } from "../realtime/socket-types.js";
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
 * across a boundary, while any client within its rate and a burst of one window's budget is never refused. Plain
 * numbers (the limits are the server's, passed in), kept in the socket's data.
 */
export type RelayBudget = NonNullable<SocketData["relayBudget"]>;

/** A full budget at `now` (ms, monotonic). */
export function fullRelayBudget(limits: RelayLimits, now: number): RelayBudget {
  return {
    messages: limits.relayMessagesPerSecond * limits.relayWindowSeconds,
    bytes: limits.relayBytesPerSecond * limits.relayWindowSeconds,
    updatedAt: now,
  };
}

/** Takes one message of `payloadBytes` at `now` (ms, monotonic), or says which bucket refused it and for how long. */
export function takeRelayBudget(
  budget: RelayBudget,
  limits: RelayLimits,
  payloadBytes: number,
  now: number,
): LimitCheck {
  const { relayMessagesPerSecond, relayBytesPerSecond, relayWindowSeconds } = limits;
  const elapsedSeconds = Math.max(0, now - budget.updatedAt) / 1000;
  budget.updatedAt = now;
  budget.messages = Math.min(
    relayMessagesPerSecond * relayWindowSeconds,
    budget.messages + elapsedSeconds * relayMessagesPerSecond,
  );
  budget.bytes = Math.min(
    relayBytesPerSecond * relayWindowSeconds,
    budget.bytes + elapsedSeconds * relayBytesPerSecond,
  );
  const cost = Math.max(1, Math.min(payloadBytes, relayBytesPerSecond * relayWindowSeconds));
  if (budget.messages < 1) {
    return {
      ok: false,
      limit: "relay-messages",
      retryAfterMs: ((1 - budget.messages) / relayMessagesPerSecond) * 1000,
    };
  }
  if (budget.bytes < cost) {
    return { ok: false, limit: "relay-bytes", retryAfterMs: ((cost - budget.bytes) / relayBytesPerSecond) * 1000 };
  }
  budget.messages -= 1;
  budget.bytes -= cost;
  return ALLOWED;
}
