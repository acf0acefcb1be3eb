import { Router } from "express";
import { ServerPaths } from "@rallypoint/shared";
import type { IceServer } from "@rallypoint/shared";

/** GET /api/ice-servers: the configured STUN/TURN servers, for clients that connect before joining a room. */
export function iceConfigRouter(iceServers: IceServer[]): Router {
  const router = Router();
  router.get(ServerPaths.iceServers, (_request, response) => {
    response.set("Cache-Control", "no-store").json({ iceServers });
  });
  return router;
}
