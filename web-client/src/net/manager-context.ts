import { Emitter } from "./emitter.js";
import { ErrorThrottle } from "./links/frame-size.js";
import { NetworkConditioner } from "./links/network-conditioner.js";
import type { ResolvedOptions } from "./manager-options.js";
import { NetworkError } from "./network-error.js";
import type { NetworkEvents } from "./network-events.js";
import type { RoomSessionContext } from "./session/room-session.js";
import { RelayFanout } from "./transport/relay-fanout.js";
import { SignalingClient } from "./transport/signaling-client.js";

/**
 * What outlives each room of a GameNetworkManager: its options, the signaling client, the relay's pace, the simulated
 * conditions and the event emitter. `closed` is called when a room session ends.
 */
export function createManagerContext<State extends object, Events extends object>(
  options: ResolvedOptions,
  closed: () => void,
): RoomSessionContext<State, Events> {
  const events = new Emitter<NetworkEvents<State, Events>>();
  const signaling = new SignalingClient(options);
  // Said just before the server drops this connection: why (slow-consumer is then resumed like any drop).
  signaling.on("server:error", ({ code, message }) => events.emit("error", new NetworkError(code, message)));
  return {
    options,
    signaling,
    events,
    conditioner: new NetworkConditioner(),
    relay: new RelayFanout((to, channel, bytes) => signaling.relay(to, channel, bytes)),
    oversizeStateErrors: new ErrorThrottle((error) => events.emit("error", error)),
    closed,
  };
}
