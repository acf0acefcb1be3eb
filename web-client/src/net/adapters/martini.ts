/**
 * `@rallypoint/client/martini`: runs a game written for martini-kit over a Rallypoint room. `MartiniTransport` is
 * martini-kit's `Transport`; the contract's types are exported under martini-kit's own names.
 * @example
 * import { GameNetworkManager } from "@rallypoint/client";
 * import { MartiniTransport } from "@rallypoint/client/martini";
 * const net = new GameNetworkManager({ name: "Ada" });
 * await net.joinRoom(code);
 * const transport = new MartiniTransport(net, { stateSync: "reliable" });
 * @packageDocumentation
 */
export { MartiniTransport } from "./martini-transport.js";
export type {
  MartiniNetwork,
  MartiniTransportOptions,
  Transport,
  TransportMetrics,
  WireMessage,
  ConnectionState,
  MessageStats,
} from "./martini-transport.js";
