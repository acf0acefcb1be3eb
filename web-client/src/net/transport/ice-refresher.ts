import { IceGrant, ServerPaths, type IceServer } from "@rallypoint/protocol";
import { ClientErrorCode, NetworkError } from "../network-error.js";

export interface IceRefresherOptions {
  serverUrl: string;
  /** The member's secret from RoomJoined; `GET /api/ice` takes it as a bearer token. */
  peerToken: string;
  /** Called with each fresh set of ICE servers. */
  onRefresh(iceServers: IceServer[]): void;
  /** A refresh failed; it is retried, and the error is for the game to see. */
  onError(error: NetworkError): void;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

/** Never retry or refresh more often than this, whatever the TTL. */
const MIN_DELAY_MS = 5_000;

/**
 * Keeps expiring TURN credentials fresh: halfway through their lifetime it fetches new ones from the server, so a
 * connection started at any moment gets credentials with at least half their lifetime left. A failed fetch is
 * retried after a tenth of the lifetime. Credentials that never expire are never fetched.
 */
export class IceRefresher {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: IceRefresherOptions) {
    // Bound: fetch must be called on the global object.
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Schedules the first refresh for credentials valid `ttlMs` from now (null: they never expire). */
  start(ttlMs: number | null): void {
    this.schedule(ttlMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ttlMs: number | null): void {
    clearTimeout(this.timer);
    if (ttlMs === null || this.stopped) return;
    this.timer = setTimeout(() => void this.refresh(ttlMs), Math.max(MIN_DELAY_MS, ttlMs / 2));
  }

  private async refresh(previousTtlMs: number): Promise<void> {
    try {
      const grant = await this.request();
      if (this.stopped) return;
      this.options.onRefresh(grant.iceServers);
      this.schedule(grant.iceServersTtlMs);
    } catch (cause) {
      if (this.stopped) return;
      this.options.onError(
        new NetworkError(ClientErrorCode.WebRTC, "Could not renew the TURN credentials; retrying", { cause }),
      );
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(previousTtlMs), Math.max(MIN_DELAY_MS, previousTtlMs / 10));
    }
  }

  private request(): Promise<IceGrant> {
    return fetchIceGrant(this.options.serverUrl, this.options.peerToken, this.fetch);
  }
}

/**
 * The ICE servers from our server: a member's (with its TURN credentials) from `GET /api/ice` given its peerToken,
 * else their URLs alone from `GET /api/ice/urls`, which anyone may read.
 */
export async function fetchIceGrant(
  serverUrl: string,
  peerToken: string | undefined,
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<IceGrant> {
  const path = peerToken === undefined ? ServerPaths.iceUrls : ServerPaths.ice;
  const response = await fetchFn(new URL(path, serverUrl), {
    headers: peerToken === undefined ? {} : { Authorization: `Bearer ${peerToken}` },
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return IceGrant.parse(await response.json());
}
