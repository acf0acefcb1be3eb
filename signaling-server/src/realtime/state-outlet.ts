import { busySockets } from "../security/send-buffer.js";
import type { SignalingServer } from "./socket-types.js";
import type { StateOutlet } from "./state-batcher.js";

/** The batcher's way out in the server: Socket.IO broadcasts, through the Redis adapter when there is one. */
export function socketIoOutlet(io: SignalingServer): StateOutlet {
  return {
    busySockets: (channels) => busySockets(io, channels),
    emitMessage: (channels, except, message) =>
      io
        .to([...channels])
        .except([...except])
        .emit("relay:message", message),
    emitBatch: (channels, except, batch) =>
      io
        .to([...channels])
        .except([...except])
        .emit("relay:batch", batch),
  };
}
