import { ackError, ErrorCode, type Ack } from "@rallypoint/protocol";
import type { z } from "zod";

/** Answers through an ack callback when the client gave one; a client may omit it or send garbage in its place. */
export function reply<T>(ack: unknown, result: Ack<T>): void {
  if (typeof ack === "function") (ack as (result: Ack<T>) => void)(result);
}

/** Parses an untrusted payload; on failure answers `invalid-payload` naming the first problem and returns null. */
export function parseOrReply<S extends z.ZodType>(schema: S, payload: unknown, ack: unknown): z.output<S> | null {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  // A client that sends no payload at all puts its ack callback first; it still gets an answer, not a timeout.
  const callback = typeof payload === "function" ? payload : ack;
  reply(callback, ackError(ErrorCode.InvalidPayload, `Invalid payload: ${where}${issue?.message ?? "malformed"}`));
  return null;
}
