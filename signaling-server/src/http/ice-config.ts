import { Router, type Response } from "express";
import { ServerPaths } from "@rallypoint/protocol";
import type { IceProvider } from "../ice/ice-provider.js";
import type { MemberTokenStore } from "../rooms/member-token-store.js";

/**
 * GET /api/ice: fresh ICE servers for the member whose peerToken comes as `Authorization: Bearer <token>`, so a long
 * session can renew expiring TURN credentials. Members only: TURN credentials are never handed to strangers.
 * Cross-origin pages may call it (the library can talk to a server on another origin); the bearer token, not a
 * cookie, is the credential, so any origin is allowed.
 *
 * GET /api/ice/urls: the same servers' URLs without credentials, for anyone, so that a player's NAT doctor can probe
 * them before joining a room.
 */
export function iceConfigRouter(ice: IceProvider, memberTokens: MemberTokenStore): Router {
  const router = Router();
  router.options(ServerPaths.ice, (_request, response) => {
    allowCrossOrigin(response)
      .set("Access-Control-Allow-Methods", "GET")
      .set("Access-Control-Allow-Headers", "Authorization")
      .set("Access-Control-Max-Age", "600")
      .status(204)
      .end();
  });
  router.get(ServerPaths.iceUrls, (_request, response) => {
    allowCrossOrigin(response).set("Cache-Control", "no-store").json(ice.withoutCredentials());
  });
  router.get(ServerPaths.ice, (request, response, next) => {
    allowCrossOrigin(response).set("Cache-Control", "no-store");
    const [scheme, token] = (request.get("authorization") ?? "").split(" ");
    const lookup = scheme?.toLowerCase() === "bearer" && token ? memberTokens.memberOf(token) : undefined;
    (lookup ?? Promise.resolve(undefined)).then((memberId) => {
      if (memberId === undefined) {
        response
          .status(401)
          .set("WWW-Authenticate", 'Bearer realm="rallypoint"')
          .json({ code: "unauthorized", message: "Members only: send Authorization: Bearer <peerToken>" });
        return;
      }
      response.json(ice.forMember(memberId));
    }, next);
  });
  return router;
}

function allowCrossOrigin(response: Response): Response {
  return response.set("Access-Control-Allow-Origin", "*");
}
