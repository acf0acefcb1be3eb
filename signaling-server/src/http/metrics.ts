import { Router } from "express";
import { Counter, Registry, collectDefaultMetrics } from "prom-client";
import type { RelayChannel } from "@rallypoint/shared";

/** The rate limits of security/rate-limits.ts, as metric labels. */
export type RateLimitName = "room-create" | "rooms-per-ip" | "join" | "failed-join" | "relay-messages" | "relay-bytes";

/** The server's Prometheus metrics; one registry per server instance, so tests can run several side by side. */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly relayMessages = new Counter({
    name: "relay_messages_total",
    help: "Game messages forwarded through the Socket.IO relay, by channel",
    labelNames: ["channel"] as const,
    registers: [this.registry],
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
    help: "Relay messages dropped without an answer, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  private readonly socketsDropped = new Counter({
    name: "sockets_dropped_total",
    help: "Sockets the server disconnected for misbehaving, by reason",
    labelNames: ["reason"] as const,
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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  countRelayed(channel: RelayChannel): void {
    this.relayMessages.inc({ channel });
  }

  countInvalid(reason: "invalid-payload" | "unknown-event" | "payload-too-large"): void {
    this.invalidMessages.inc({ reason });
  }

  countRateLimited(limit: RateLimitName): void {
    this.rateLimited.inc({ limit });
  }

  countRelayDropped(reason: "rate-limited"): void {
    this.relayDropped.inc({ reason });
  }

  countSocketDropped(reason: "too-many-invalid-messages" | "slow-consumer"): void {
    this.socketsDropped.inc({ reason });
  }

  countConnectionRefused(reason: "origin"): void {
    this.connectionsRefused.inc({ reason });
  }

  countHandlerError(event: string): void {
    this.handlerErrors.inc({ event });
  }
}

/** GET /metrics in the Prometheus text format. */
export function metricsRouter(metrics: ServerMetrics): Router {
  const router = Router();
  router.get("/metrics", (_request, response, next) => {
    metrics.registry.metrics().then((text) => {
      response.type(metrics.registry.contentType).send(text);
    }, next);
  });
  return router;
}
