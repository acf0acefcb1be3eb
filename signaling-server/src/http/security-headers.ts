import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * helmet's defaults (CSP, nosniff, frame-ancestors, referrer policy, ...) on every HTTP route. The demo and the
 * library load only same-origin scripts and styles and connect to the same origin (`connect-src 'self'` covers
 * ws: and wss: there); WebRTC is not governed by CSP.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "connect-src": ["'self'"],
        // Servers on a LAN are reached over plain http; upgrading their subresources to https would break the page.
        "upgrade-insecure-requests": null,
      },
    },
  });
}
