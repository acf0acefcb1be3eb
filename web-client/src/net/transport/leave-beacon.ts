import { ServerPaths, type LeaveBeacon } from "@rallypoint/protocol";

/**
 * Leaves a room with `navigator.sendBeacon` (ServerPaths.leave), for a page going away: the browser sends a beacon
 * even after the page is gone. text/plain keeps it a "simple" request, so it needs no CORS preflight from a page on
 * another origin. A no-op where there is no sendBeacon (not a browser): the seat is then held, as after a drop.
 */
export function sendLeaveBeacon(serverUrl: string, seat: LeaveBeacon): void {
  if (typeof navigator === "undefined" || typeof navigator.sendBeacon !== "function") return;
  const { code, memberId, resumeToken, mayReturn, connection } = seat;
  const beacon: LeaveBeacon = { code, memberId, resumeToken, mayReturn, connection };
  navigator.sendBeacon(
    new URL(ServerPaths.leave, serverUrl).href,
    new Blob([JSON.stringify(beacon)], { type: "text/plain" }),
  );
}
