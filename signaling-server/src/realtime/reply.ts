import { ackError, ErrorCode, type Ack } from "@rallypoint/protocol";
import * as z from "zod/mini";

// The shared schemas are zod/mini (the browser library loads them too), and zod/mini carries no messages unless told
// which language to use: without this, every `invalid-payload` would read "Invalid input". English, as full zod
// would say it; a locale the embedding application set already stays.
if (!z.config().localeError) z.config(z.locales.en());

/** Answers through an ack callback when the client gave one; a client may omit it or send garbage in its place. */
export function reply<T>(ack: unknown, result: Ack<T>): void {
  if (typeof ack === "function") (ack as (result: Ack<T>) => void)(result);
}

/** Parses an untrusted payload; on failure answers `invalid-payload` naming the first problem and returns null. */
export function parseOrReply<S extends z.ZodMiniType>(schema: S, payload: unknown, ack: unknown): z.output<S> | null {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  // A client that sends no payload at all puts its ack callback first; it still gets an answer, not a timeout.
  const callback = typeof payload === "function" ? payload : ack;
  reply(callback, ackError(ErrorCode.InvalidPayload, `Invalid payload: ${where}${issue?.message ?? "malformed"}`));
  return null;
}
