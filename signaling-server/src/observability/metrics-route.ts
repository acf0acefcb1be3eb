import { timingSafeEqual } from "node:crypto";
import { Router } from "express";
import type { ServerMetrics } from "./metrics.js";

export interface MetricsAccess {
  /** The bearer token a scraper must send; undefined: see isProduction. */
  token: string | undefined;
  /** Without a token, production keeps /metrics closed and development leaves it open. */
  isProduction: boolean;
}

/**
 * GET /metrics in Prometheus's text format. Room and connection counts are nobody else's business: with a token set
 * only `Authorization: Bearer <token>` reads them (Prometheus's `authorization` scrape setting sends it), and in
 * production without one the route stays closed.
 */
export function metricsRouter(metrics: ServerMetrics, access: MetricsAccess): Router {
  const router = Router();
  const expected = access.token === undefined ? undefined : Buffer.from(`Bearer ${access.token}`);
  router.get("/metrics", (request, response, next) => {
    response.set("Cache-Control", "no-store");
    if (expected !== undefined && !matches(request.get("authorization"), expected)) {
      response
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="rallypoint-metrics"')
        .json({ code: "unauthorized", message: "Send Authorization: Bearer <METRICS_TOKEN>" });
      return;
    }
    if (expected === undefined && access.isProduction) {
      response.status(403).json({ code: "forbidden", message: "Set METRICS_TOKEN (metricsToken) to read /metrics" });
      return;
    }
    metrics.registry.metrics().then((text) => {
      response.type(metrics.registry.contentType).send(text);
    }, next);
  });
  return router;
}

function matches(given: string | undefined, expected: Buffer): boolean {
  const bytes = Buffer.from(given ?? "");
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
