import { DEFAULT_RETRY, type RetryConfig } from "./links/link-policy.js";
import { NetworkMode } from "./links/network-mode.js";
import type { PeerLinkConfig } from "./links/peer-link-config.js";
import type { InterpolationSchema } from "./sync/interpolation-schema.js";
import type { RemoteViewOptions } from "./sync/remote-view.js";
import type { StateSyncOptions } from "./sync/state-sync.js";

/**
 * Options of a `GameNetworkManager`; every one may be left out, and each says its default.
 * @example
 * new GameNetworkManager({ name: "Ada", serverUrl: "https://play.example.com", tickRate: 30, stateSchema: schema });
 */
export interface GameNetworkManagerOptions {
  /** The Rallypoint server. Default: the page's own origin. */
  serverUrl?: string;
  /**
   * Sent in the Socket.IO handshake as `auth: { token }`: needed when the server sets AUTH_SHARED_SECRET, or checks
   * tokens in its `authenticate` hook (a refused connection rejects with code `unauthorized`). Default: none.
   * @example new GameNetworkManager({ authToken: await fetchGameTicket() })
   */
  authToken?: string;
  /** This player's display name (1-32 characters). Default: the server's "Player". */
  name?: string;
  /** Which paths game messages may take. Default `HYBRID`; change later with `setMode`. */
  mode?: NetworkMode;
  /** How long to wait for the server to answer a request. Default 5000 ms. */
  ackTimeoutMs?: number;
  /** How long a WebRTC attempt may take to open and answer a ping before the pair stays on the relay. Default 5000 ms. */
  webrtcOpenTimeoutMs?: number;
  /** How often each pair pings the path in use (heartbeat and RTT). Default 1000 ms. */
  heartbeatIntervalMs?: number;
  /** An open data channel silent for this long counts as dead and the pair falls back to the relay. Default 3000 ms. */
  heartbeatTimeoutMs?: number;
  /**
   * Backoff between attempts to reach the server again after the connection drops in a room (then the seat is
   * resumed). Default 500 ms doubling to 30 s, ±50% jitter.
   */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; jitter?: number };
  /** Backoff between WebRTC attempts after a failure. Default 2 s doubling to 60 s, ±20% jitter. */
  retry?: Partial<RetryConfig>;
  /**
   * Most reliable events awaiting acknowledgement per peer (also at most 4 MiB of them); past either, an event is
   * dropped for that peer with an `error` event `send-buffer-full`. Default 1024.
   */
  maxPendingEvents?: number;
  /** Most `setLocalState` sends per second (latest-wins; unchanged states only as a keepalive). Default 20. */
  tickRate?: number;
  /** While the local state does not change, resend it this often. Default 1000 ms. */
  keepaliveMs?: number;
  /**
   * How each field of the state interpolates (and, optionally, its quantization `precision`). Fields left out take
   * the newest value. Default `{}`.
   * @example { position: { type: "vector", velocity: "velocity", precision: 0.01 }, velocity: "vector", heading: "angle" }
   */
  stateSchema?: InterpolationSchema;
  /** Interpolation buffer, delay and prediction settings (see RemoteViewOptions; each says its default). */
  interpolation?: RemoteViewOptions;
  /** RTCPeerConnection's ICE transport policy. Default `"all"`; `"relay"` allows TURN only. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** PeerJS's log level, 0 (none) to 3 (all). Default 0. */
  peerjsDebug?: 0 | 1 | 2 | 3;
  /**
   * Leave the room when the page is closed or navigated away (`pagehide`, unless the page goes into the back/forward
   * cache): the others see `peer-left` with reason `left` at once and the seat is freed, instead of held for the
   * grace window. `false` keeps the seat held, as after a network cut. Default true.
   */
  leaveOnPageHide?: boolean;
  /**
   * Keep this tab's seat in sessionStorage as the page goes away, so that after a reload `joinRoom(code)` takes the
   * same seat back: the same member id (and PeerJS id), even in a full room. The others see `peer-reconnecting`,
   * then `peer-resumed` with `restarted: true`, never `peer-left`, if the page is back within the server's
   * `reloadWindowMs` (default 750 ms) or, with `leaveOnPageHide: false`, its grace window. `roomToResume()` tells
   * the reloaded page which room that is. `false`: a reloaded page joins as a new member. Default true.
   */
  resumeAfterReload?: boolean;
  /**
   * Tell the server when this page is hidden (a background tab, which browsers throttle and may freeze), so that
   * while this player is host and hidden for longer than the server's `hiddenHostHandoffMs` (default 5000 ms), the
   * host role moves to the oldest visible member (`host-changed`) instead of the game stalling on it. `false`:
   * never report, so this player keeps the host role while hidden. Default true.
   */
  handOffHostWhenHidden?: boolean;
}

export interface ResolvedOptions {
  serverUrl: string;
  authToken: string | undefined;
  name: string | undefined;
  mode: NetworkMode;
  ackTimeoutMs: number;
  reconnect: { initialDelayMs?: number; maxDelayMs?: number; jitter?: number };
  iceTransportPolicy: RTCIceTransportPolicy;
  peerjsDebug: 0 | 1 | 2 | 3;
  leaveOnPageHide: boolean;
  resumeAfterReload: boolean;
  handOffHostWhenHidden: boolean;
  link: PeerLinkConfig;
  sync: StateSyncOptions;
}

export function resolveOptions(options: GameNetworkManagerOptions): ResolvedOptions {
  return {
    serverUrl: options.serverUrl ?? globalThis.location.origin,
    authToken: options.authToken,
    name: options.name,
    mode: options.mode ?? NetworkMode.Hybrid,
    ackTimeoutMs: options.ackTimeoutMs ?? 5000,
    reconnect: options.reconnect ?? {},
    iceTransportPolicy: options.iceTransportPolicy ?? "all",
    peerjsDebug: options.peerjsDebug ?? 0,
    leaveOnPageHide: options.leaveOnPageHide ?? true,
    resumeAfterReload: options.resumeAfterReload ?? true,
    handOffHostWhenHidden: options.handOffHostWhenHidden ?? true,
    sync: {
      schema: options.stateSchema ?? {},
      tickRate: options.tickRate ?? 20,
      keepaliveMs: options.keepaliveMs ?? 1000,
      interpolation: options.interpolation ?? {},
    },
    link: {
      openTimeoutMs: options.webrtcOpenTimeoutMs ?? 5000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 3000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      maxPendingEvents: options.maxPendingEvents ?? 1024,
      now: () => Date.now(),
      random: () => Math.random(),
    },
  };
}
