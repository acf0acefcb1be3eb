/** The HTTP paths a Rallypoint server answers on, shared so clients never guess them. */
export const ServerPaths = {
  /** PeerJS signaling mount point; browsers pass it as PeerJS's `path` option. */
  peerjs: "/peerjs",
  health: "/healthz",
  /** Readiness: 200 while the server can take players (its Redis answers, when it has one), 503 with a reason. */
  readiness: "/readyz",
  /** Fresh ICE servers for a member (`Authorization: Bearer <peerToken>`): refreshes expiring TURN credentials. */
  ice: "/api/ice",
  /**
   * The ICE servers' URLs without any credential, for anyone: what the NAT doctor (`net.diagnose()`) probes before
   * its player is in a room. A TURN server answers such a probe with 401, which shows it is reachable.
   */
  iceUrls: "/api/ice/urls",
  /**
   * POST a LeaveBeacon: a page going away leaves its room with `navigator.sendBeacon`, which the browser delivers
   * even after the page is gone (a websocket message sent then may never leave).
   */
  leave: "/api/leave",
  /** The browser library as one standalone ES module, for pages without a bundler. */
  library: "/rallypoint/rallypoint.js",
} as const;
