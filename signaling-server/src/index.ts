/**
 * Rallypoint's server: room-code lobbies, PeerJS signaling and a Socket.IO relay, attached to your HTTP server or
 * standalone.
 * @example
 * import { attachRallypoint } from "@rallypoint/server";
 * const rallypoint = attachRallypoint(httpServer, { allowedOrigins: ["https://game.example.com"] });
 * app.use(rallypoint.router);
 */
export { attachRallypoint } from "./attach.js";
export type { Rallypoint, CloseOptions } from "./attach.js";
export { createRallypointServer } from "./standalone.js";
export type { RallypointServer } from "./standalone.js";
export type { RallypointOptions, StandaloneOptions, LogLevel } from "./options.js";
export type { Authenticate, AuthVerdict, Handshake } from "./realtime/authenticate.js";
export type { SignalingServer, SocketData } from "./realtime/types.js";
