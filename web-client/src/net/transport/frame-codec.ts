import { PeerFrame } from "@rallypoint/shared";

/** Frames travel as text on both paths, so byte counts mean the same on each. */
export function encodeFrame(frame: PeerFrame): string {
  return JSON.stringify(frame);
}

/** Parses and validates what a peer sent; null for anything that is not a valid frame. */
export function decodeFrame(data: unknown): PeerFrame | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = PeerFrame.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Size on the wire, in bytes, of an encoded frame. */
export function encodedSize(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}
