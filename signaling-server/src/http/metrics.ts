import { Router } from "express";
import { Counter, Registry, collectDefaultMetrics } from "prom-client";
import type { RelayChannel } from "@rallypoint/shared";

/** The server's Prometheus metrics; one registry per server instance, so tests can run several side by side. */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly relayMessages = new Counter({
    name: "relay_messages_total",
    help: "Game messages forwarded through the Socket.IO relay, by channel",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  countRelayed(channel: RelayChannel): void {
    this.relayMessages.inc({ channel });
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
