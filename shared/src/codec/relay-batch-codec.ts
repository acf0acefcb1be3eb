import { Decoder, Encoder } from "@msgpack/msgpack";
import { Limits } from "../limits.js";
import { RelayBatch } from "../messages/relay.js";

/** One relayed state message in a batch: who sent it and its bytes. */
export interface RelayBatchItem {
  from: string;
  data: Uint8Array;
}

const encoder = new Encoder();
// Bounded before zod sees anything: a hostile or broken batch cannot make the decoder allocate past the limits.
const decoder = new Decoder({
  maxArrayLength: Limits.maxRelayBatchMessages,
  maxBinLength: Limits.maxRelayPayloadBytes,
  maxStrLength: 256,
  maxMapLength: 0,
  maxExtLength: 0,
});

/**
 * Several state messages for the same recipients as one binary blob, so Socket.IO sends them as one websocket
 * message (an array of Buffers would go as one attachment frame each): a MessagePack array of `[from, data]`.
 */
export function encodeRelayBatch(items: readonly RelayBatchItem[]): Uint8Array {
  return encoder.encode(items.map((item) => [item.from, item.data]));
}

/** Validates a `relay:batch` body; null for anything malformed or past the protocol's bounds. Never throws. */
export function decodeRelayBatch(blob: unknown): RelayBatchItem[] | null {
  const bytes = blob instanceof Uint8Array ? blob : blob instanceof ArrayBuffer ? new Uint8Array(blob) : null;
  if (!bytes || bytes.byteLength > Limits.maxRelayBatchBytes) return null;
  let value: unknown;
  try {
    value = decoder.decode(bytes);
  } catch {
    return null;
  }
  const parsed = RelayBatch.safeParse(value);
  return parsed.success ? parsed.data.map(([from, data]) => ({ from, data })) : null;
}
