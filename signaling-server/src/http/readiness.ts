import { Router } from "express";
import { ServerPaths } from "@rallypoint/protocol";

/** Resolves undefined when the server can take players, else why it cannot; a rejection counts as not ready. */
export type ReadinessCheck = () => Promise<string | undefined>;

/**
 * GET /readyz: whether a load balancer should send players here. 200 `{ status: "ready" }`, or 503
 * `{ status: "unavailable", reason }` (Redis unreachable, shutting down). /healthz stays plain liveness: a process
 * whose Redis is down is alive, and restarting it would not bring Redis back.
 */
export function readinessRouter(check: ReadinessCheck): Router {
  const router = Router();
  router.get(ServerPaths.readiness, (_request, response) => {
    response.set("Cache-Control", "no-store");
    const unavailable = (reason: string): void => void response.status(503).json({ status: "unavailable", reason });
    check().then(
      (reason) => (reason === undefined ? void response.json({ status: "ready" }) : unavailable(reason)),
      (error: unknown) => unavailable(error instanceof Error ? error.message : String(error)),
    );
  });
  return router;
}
