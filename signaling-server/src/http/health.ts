import { Router } from "express";
import { PROTOCOL_VERSION, ServerPaths } from "@rallypoint/protocol";

export interface HealthStats {
  rooms(): number;
  connections(): number;
}

/** GET /healthz: liveness, with the numbers an operator glances at first and the protocol version it speaks. */
export function healthRouter(stats: HealthStats): Router {
  const startedAt = Date.now();
  const router = Router();
  router.get(ServerPaths.health, (_request, response) => {
    response.json({
      status: "ok",
      protocolVersion: PROTOCOL_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      rooms: stats.rooms(),
      connections: stats.connections(),
    });
  });
  return router;
}
