import express, { Router } from "express";
import { LeaveBeacon, ServerPaths } from "@rallypoint/protocol";

/** A beacon's body: `{ code, memberId, resumeToken }` as JSON, well under this. */
const MAX_BEACON_BYTES = 1024;

/**
 * POST /api/leave: a page going away leaves its room (`navigator.sendBeacon`, which the browser delivers even
 * after the page is gone, unlike a websocket message sent then). The resume token proves the seat is the sender's.
 * Beacons come as text/plain (a "simple" request: no CORS preflight, from any origin); the answer is always 204, so
 * it tells nobody whether a seat existed.
 */
export function leaveBeaconRouter(leave: (beacon: LeaveBeacon) => void): Router {
  const router = Router();
  router.post(ServerPaths.leave, express.text({ type: () => true, limit: MAX_BEACON_BYTES }), (request, response) => {
    response.status(204).set("Access-Control-Allow-Origin", "*").end();
    const beacon = LeaveBeacon.safeParse(parseJson(request.body));
    if (beacon.success) leave(beacon.data);
  });
  return router;
}

function parseJson(body: unknown): unknown {
  if (typeof body !== "string") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
