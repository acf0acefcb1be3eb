import type { TurnTransport } from "../links/webrtc-route.js";

/** What an ICE server URL says about how a browser reaches it. */
export interface IceUrl {
  kind: "stun" | "turn";
  transport: TurnTransport;
  /** `host:port`, the port defaulted as RFC 7064/7065 say (3478, or 5349 for TLS); null when unreadable. */
  destination: string | null;
}

const URL_SHAPE = /^(stuns?|turns?):(\[[^\]]+\]|[^:?]+)(?::(\d+))?(?:\?transport=(udp|tcp))?$/i;

/**
 * Reads `stun:`, `stuns:`, `turn:` and `turns:` URLs (RFC 7064, 7065): TLS for the `s` schemes, TCP with
 * `?transport=tcp`, else UDP. An unreadable URL reads as a UDP STUN URL without destination.
 * @example parseIceUrl("turn:turn.example.org:443?transport=tcp") // { kind: "turn", transport: "tcp", ... }
 */
export function parseIceUrl(url: string): IceUrl {
  const match = URL_SHAPE.exec(url.trim());
  if (!match)
    return { kind: url.toLowerCase().startsWith("turn") ? "turn" : "stun", transport: "udp", destination: null };
  const [, scheme = "", host = "", port, transportParameter] = match;
  const secure = scheme.toLowerCase().endsWith("s");
  const transport: TurnTransport = secure ? "tls" : transportParameter?.toLowerCase() === "tcp" ? "tcp" : "udp";
  return {
    kind: scheme.toLowerCase().startsWith("turn") ? "turn" : "stun",
    transport,
    destination: `${host.toLowerCase()}:${port ?? (secure ? "5349" : "3478")}`,
  };
}

/** Every URL of a list of RTCIceServer-shaped entries, each with the entry it came from. */
export function iceUrlsOf<Server extends { urls: string | string[] }>(
  servers: readonly Server[],
): { url: string; server: Server }[] {
  return servers.flatMap((server) =>
    (typeof server.urls === "string" ? [server.urls] : server.urls).map((url) => ({ url, server })),
  );
}
