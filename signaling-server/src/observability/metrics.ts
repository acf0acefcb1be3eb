import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RelayChannel } from "@rallypoint/protocol";
import { OFF_WEBRTC_REASONS, PEER_LINK_ROUTES, type PeerLinkTotals } from "./peer-link-totals.js";

/** The rate limits of security/rate-limits.ts, as metric labels. */
export type RateLimitName =
  | "room-create"
  | "rooms-per-ip"
  | "join"
  | "failed-join"
  | "relay-messages"
  | "relay-bytes"
  | "link-report"
  | "room-list"
  | "quick-join"
  | "lobby-change";

/**
 * What `network_latency_ms` measures, by its `kind` label:
 * - `relay-server`: how long a relay:send spends inside this server, from the moment its packet reaches the event
 *   guard to the moment the relay:message is handed to Socket.IO for its recipients (validation, the rate limiters'
 *   queue, the lookup of recipients). The network on either side is not in it: see `socket-rtt` for that.
 * - `socket-rtt`: the websocket round trip to each client, from the heartbeat ping the server sends every
 *   HEARTBEAT_INTERVAL_MS to the client's pong (network both ways plus the client's event loop).
 * A relayed message takes roughly socket-rtt / 2 (sender) + relay-server + socket-rtt / 2 (recipient).
 */
export type LatencyKind = "relay-server" | "socket-rtt";

/** Live state the gauges read at each scrape, so they can never drift from it. */
export interface LiveState {
  /** Connected Socket.IO clients. */
  connections(): number;
  rooms(): number;
  seats(): { connected: number; held: number };
  /** Peer pairs by path, route and reason, from the members' latest link reports. */
  peerLinks(): PeerLinkTotals;
}

/** From well under a millisecond (time in the server) to seconds (a client on a bad network). */
const LATENCY_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/** The server's Prometheus metrics; one registry per server instance, so tests can run several side by side. */
export class ServerMetrics {
  readonly registry = new Registry();
  private live: LiveState | undefined;

  private readonly connections: Gauge = new Gauge({
    name: "network_connections_active",
    help: "Connected Socket.IO clients (websockets past the handshake and authentication)",
    registers: [this.registry],
    collect: () => this.connections.set(this.live?.connections() ?? 0),
  });
  private readonly rooms: Gauge = new Gauge({
    name: "rooms_active",
    help: "Rooms alive on this server",
    registers: [this.registry],
    collect: () => this.rooms.set(this.live?.rooms() ?? 0),
  });
  private readonly seats: Gauge<"state"> = new Gauge({
    name: "room_members",
    help: "Members of rooms on this server, by state: connected, or held (socket dropped, seat kept for resume)",
    labelNames: ["state"] as const,
    registers: [this.registry],
    collect: () => {
      const seats = this.live?.seats() ?? { connected: 0, held: 0 };
      this.seats.set({ state: "connected" }, seats.connected);
      this.seats.set({ state: "held" }, seats.held);
    },
  });
  private readonly peerLinks: Gauge<"path" | "route"> = new Gauge({
    name: "peer_links",
    help:
      "Peer pairs by the path their game messages take (webrtc, relay, none) and, on webrtc, by route (direct, " +
      "turn-udp, turn-tcp, turn-tls, turn: TURN whose transport the reporting end cannot tell, unknown: not known " +
      "yet); relay and none have the route of their name. As the members report them: each member's report counts " +
      "half of each of its links, so a pair both ends report counts once",
    labelNames: ["path", "route"] as const,
    registers: [this.registry],
    collect: () => {
      const links = this.live?.peerLinks();
      for (const route of PEER_LINK_ROUTES) this.peerLinks.set({ path: "webrtc", route }, links?.webrtc[route] ?? 0);
      this.peerLinks.set({ path: "relay", route: "relay" }, links?.relay ?? 0);
      this.peerLinks.set({ path: "none", route: "none" }, links?.none ?? 0);
    },
  });
  private readonly peerLinksOffWebRTC: Gauge<"reason"> = new Gauge({
    name: "peer_links_off_webrtc",
    help:
      "Peer pairs not on WebRTC (paths relay and none), by why, as the members report it: signaling-only, " +
      "connecting, ice-failed, turn-refused, timeout, signaling-failed, connection-lost, unknown (a client too old " +
      "to say); counted like peer_links",
    labelNames: ["reason"] as const,
    registers: [this.registry],
    collect: () => {
      const reasons = this.live?.peerLinks().offWebRTC;
      for (const reason of OFF_WEBRTC_REASONS) this.peerLinksOffWebRTC.set({ reason }, reasons?.[reason] ?? 0);
    },
  });
  private readonly latency = new Histogram({
    name: "network_latency_ms",
    help:
      "Milliseconds, by kind: relay-server (a relay:send from receipt to its emit, inside the server), socket-rtt " +
      "(heartbeat ping to pong round trip of each client's websocket)",
    labelNames: ["kind"] as const,
    buckets: LATENCY_BUCKETS_MS,
    registers: [this.registry],
  });
  /**
   * Relayed messages and bytes not yet in their counters: plain sums on the relay's path (run for every message, and
   * every recipient of it), which the counters take in whenever they are read. A prom-client `inc` hashes its labels
   * and checks them each time, even through `labels()`.
   */
  private readonly relayTally = { bytesSent: { state: 0, event: 0 }, relayed: { state: 0, event: 0 } };
  private readonly bytesSent: Counter<"channel"> = new Counter({
    name: "network_bytes_sent",
    help: "Relayed game data sent to clients, in payload bytes, once per recipient, by channel",
    labelNames: ["channel"] as const,
    registers: [this.registry],
    collect: () => takeTally(this.bytesSent, this.relayTally.bytesSent),
  });
  private readonly relayMessages: Counter<"channel"> = new Counter({
    name: "relay_messages_total",
    help: "Game messages forwarded through the Socket.IO relay, by channel",
    labelNames: ["channel"] as const,
    registers: [this.registry],
    collect: () => takeTally(this.relayMessages, this.relayTally.relayed),
  });

  private readonly invalidMessages = new Counter({
    name: "invalid_messages_total",
    help: "Client messages refused as invalid, by reason (invalid-payload, unknown-event, payload-too-large)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: "rate_limited_total",
    help: "Client messages refused or dropped by a rate limit, by limit",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });
  private readonly relayDropped = new Counter({
    name: "relay_dropped_total",
    help: "Relay deliveries dropped without an answer, by reason (rate-limited: a sender over its budget; recipient-busy: state skipped for a recipient with too much queued)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  private readonly peerSignalsDropped = new Counter({
    name: "peer_signals_dropped_total",
    help: "PeerJS signaling messages dropped, by reason (other-room: addressed to someone outside the sender's room)",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  private readonly stateBatches = new Counter({
    name: "relay_batches_total",
    help: "relay:batch messages sent: relayed state that left together, one per room (or member) and flush",
    registers: [this.registry],
  });
  private readonly batchedMessages = new Counter({
    name: "relay_batched_messages_total",
    help: "Relayed state messages sent inside a relay:batch (over relay_batches_total: the mean batch size)",
    registers: [this.registry],
  });
  private readonly socketsDropped = new Counter({
    name: "sockets_dropped_total",
    help: "Sockets the server disconnected for misbehaving, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  private readonly socketsPaused = new Counter({
    name: "sockets_paused_total",
    help: "Times a socket over its relay budget stopped being read for a moment (TCP then slows its sender)",
    registers: [this.registry],
  });
  private readonly connectionsRefused = new Counter({
    name: "connections_refused_total",
    help: "Websocket connections refused before the handshake, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  private readonly handlerErrors = new Counter({
    name: "handler_errors_total",
    help: "Unexpected exceptions in Socket.IO handlers, answered `internal`",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });

  // Bound once: these run for every relayed message, and binding builds their labels once (each observe still hashes
  // them). Binding also makes every series exist from the start, at 0, which rate() and alerts prefer to a series that appears late.
  private readonly latencyByKind = {
    "relay-server": this.latency.labels({ kind: "relay-server" }),
    "socket-rtt": this.latency.labels({ kind: "socket-rtt" }),
  };

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Connects the gauges to the server's live state; until then they read 0. */
  watch(live: LiveState): void {
    this.live = live;
  }

  observeLatency(kind: LatencyKind, ms: number): void {
    this.latencyByKind[kind].observe(ms);
  }

  countBytesSent(channel: RelayChannel, bytes: number): void {
    this.relayTally.bytesSent[channel] += bytes;
  }

  countRelayed(channel: RelayChannel): void {
    this.relayTally.relayed[channel]++;
  }

  countInvalid(reason: "invalid-payload" | "unknown-event" | "payload-too-large"): void {
    this.invalidMessages.inc({ reason });
  }

  countRateLimited(limit: RateLimitName): void {
    this.rateLimited.inc({ limit });
  }

  countRelayDropped(reason: "rate-limited" | "recipient-busy", count = 1): void {
    if (count > 0) this.relayDropped.inc({ reason }, count);
  }

  countPeerSignalDropped(reason: "other-room"): void {
    this.peerSignalsDropped.inc({ reason });
  }

  countStateBatch(messages: number): void {
    this.stateBatches.inc();
    this.batchedMessages.inc(messages);
  }

  countSocketDropped(reason: "too-many-invalid-messages" | "slow-consumer"): void {
    this.socketsDropped.inc({ reason });
  }

  countSocketPaused(): void {
    this.socketsPaused.inc();
  }

  countConnectionRefused(reason: "origin" | "connections-per-ip"): void {
    this.connectionsRefused.inc({ reason });
  }

  countHandlerError(event: string): void {
    this.handlerErrors.inc({ event });
  }
}

/** Adds a tally to its counter (at 0 too, so that every channel's series exists from the first read) and zeroes it. */
function takeTally(counter: Counter<"channel">, tally: Record<RelayChannel, number>): void {
  for (const channel of ["state", "event"] as const) {
    counter.inc({ channel }, tally[channel]);
    tally[channel] = 0;
  }
}
