import { ErrorCode, type Ack, type WireError } from "@rallypoint/protocol";
import { NetworkError } from "../network-error.js";

/** The WireError a server's handshake refusal carries (its `connect_error` data), if it is one. */
export function wireErrorOf(error: unknown): WireError | undefined {
  const data: unknown = error instanceof Error ? (error as Error & { data?: unknown }).data : undefined;
  if (typeof data !== "object" || data === null) return undefined;
  const { code, message } = data as Record<string, unknown>;
  const isKnownCode = Object.values(ErrorCode).some((known) => known === code);
  return isKnownCode && typeof message === "string" ? { code: code as ErrorCode, message } : undefined;
}

/** An ack's data, or its error thrown as a NetworkError. */
export function unwrap<T>(result: Ack<T>): T {
  if (result.ok) return result.data;
  throw new NetworkError(result.error.code, result.error.message);
}
