/** Deeper payloads are refused outright: Socket.IO's encoder walks them recursively and would overflow the stack. */
export const MAX_PAYLOAD_DEPTH = 32;

/**
 * Estimates the size in bytes of a decoded Socket.IO payload (bytes are Uint8Arrays by then), stopping as
 * soon as it passes `limit`; returns Infinity for payloads nested deeper than MAX_PAYLOAD_DEPTH. Iterative, so a
 * hostile payload cannot overflow the stack here either. Functions (ack callbacks) count as nothing.
 */
export function payloadBytes(value: unknown, limit: number): number {
  let total = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value: current, depth } = item;
    if (depth > MAX_PAYLOAD_DEPTH) return Infinity;
    if (typeof current === "string") total += Buffer.byteLength(current);
    else if (ArrayBuffer.isView(current) || current instanceof ArrayBuffer) total += current.byteLength;
    else if (Array.isArray(current)) {
      total += 2;
      for (const element of current as unknown[]) stack.push({ value: element, depth: depth + 1 });
    } else if (typeof current === "object" && current !== null) {
      total += 2;
      for (const [key, element] of Object.entries(current)) {
        total += Buffer.byteLength(key) + 3;
        stack.push({ value: element, depth: depth + 1 });
      }
    } else if (typeof current !== "function") total += 8;
    if (total > limit) return total;
  }
  return total;
}
