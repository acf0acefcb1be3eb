/**
 * `@rallypoint/client/martini`: runs a game written for martini-kit over a Rallypoint room. `MartiniTransport` is
 * martini-kit's `Transport`; the contract's types are exported under martini-kit's own names. `MartiniSession` keeps
 * a martini-kit GameRuntime in the role the room gives this player, across host changes.
 * @example
 * import { GameNetworkManager } from "@rallypoint/client";
 * import { MartiniSession, MartiniTransport } from "@rallypoint/client/martini";
 * const net = new GameNetworkManager({ name: "Ada" });
 * await net.joinRoom(code);
 * const transport = new MartiniTransport(net);
 * const session = new MartiniSession(transport, (role) => new GameRuntime(game, transport, role));
 * @packageDocumentation
 */
export { MartiniTransport } from "./martini-transport.js";
export type { MartiniNetwork, MartiniTransportOptions } from "./martini-transport.js";
export { MartiniSession } from "./martini-session.js";
export type { MartiniRuntime, RuntimeRole } from "./martini-session.js";
export type { Transport, TransportMetrics, WireMessage, ConnectionState, MessageStats } from "./martini-wire.js";
