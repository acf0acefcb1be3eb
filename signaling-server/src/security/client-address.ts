import type { IncomingHttpHeaders } from "node:http";
import { isIPv6 } from "node:net";

/**
 * The key per-IP limits count under. Behind `trustProxyHops` proxies the client is the entry that many places from
 * the right of X-Forwarded-For (entries further left are whatever the client wrote, so never trusted). IPv6 clients
 * are keyed by their /64: one host usually owns a whole /64, and per-address limits would let it rotate freely.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trustProxyHops: number,
): string {
  let address = remoteAddress ?? "unknown";
  const forwarded = headers["x-forwarded-for"];
  if (trustProxyHops > 0 && forwarded !== undefined) {
    const hops = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    address = hops[hops.length - trustProxyHops] ?? hops[0] ?? address;
  }
  return addressKey(address);
}

function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0");
  return [...left, ...middle, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""));
}
