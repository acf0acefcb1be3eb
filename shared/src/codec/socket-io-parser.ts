import { Decoder as MsgpackDecoder, Encoder as MsgpackEncoder } from "@msgpack/msgpack";
import { Emitter } from "@socket.io/component-emitter";

/**
 * The Socket.IO packet parser both ends of Rallypoint use (Socket.IO's `parser` option): each packet is one
 * MessagePack-encoded binary websocket message. Socket.IO's default parser sends a packet holding bytes as two
 * messages (a JSON header, then the bytes), and relayed game data always holds bytes: this halves the messages, and
 * with them the server's system calls, per relayed message. Written on @msgpack/msgpack, the codec the client ships
 * already, rather than socket.io-msgpack-parser, which would add a second MessagePack implementation to the bundle.
 * See https://socket.io/docs/v4/custom-parser/.
 */

/** Socket.IO's packet types (https://github.com/socketio/socket.io-protocol): the binary variants are never used. */
const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4 } as const;

/** A Socket.IO packet as the parser hands it over. */
export interface SocketIoPacket {
  type: number;
  nsp: string;
  data?: unknown;
  id?: number;
}

// Undefined object fields are left out, as JSON does, so optional fields stay absent instead of arriving as null.
const encoder = new MsgpackEncoder({ ignoreUndefined: true });
// One for every connection (decoding is synchronous): a decoder keeps the last message it read, and one per
// connection would keep a message per idle connection. Sizes are bounded by the message, which Socket.IO's
// maxHttpBufferSize bounds; the decoder itself is iterative, so nesting cannot overflow the stack.
const decoder = new MsgpackDecoder();

/** Encodes each packet as one MessagePack message (Socket.IO makes one per server, and one per client). */
export class SocketIoPacketEncoder {
  encode(packet: SocketIoPacket): Uint8Array[] {
    return [encoder.encode(packet)];
  }
}

/** Decodes one MessagePack message into a packet and emits it as `decoded` (one per connection). */
export class SocketIoPacketDecoder extends Emitter<
  Record<string, never>,
  Record<string, never>,
  { decoded: (packet: SocketIoPacket) => void }
> {
  /** Throws on anything that is not one valid packet: Socket.IO then closes the connection (`parse error`). */
  add(chunk: unknown): void {
    if (typeof chunk === "string") throw new Error("Expected a binary (MessagePack) Socket.IO packet");
    const packet = decoder.decode(chunk as ArrayBuffer | Uint8Array);
    if (!isPacket(packet)) throw new Error("Not a Socket.IO packet");
    this.emitReserved("decoded", packet);
  }

  destroy(): void {}
}

function isPacket(value: unknown): value is SocketIoPacket {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { type, nsp, data, id } = value as Record<string, unknown>;
  if (typeof nsp !== "string" || (id !== undefined && !Number.isInteger(id))) return false;
  switch (type) {
    case PacketType.CONNECT:
      return data === undefined || isPlainObject(data);
    case PacketType.DISCONNECT:
      return data === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof data === "string" || isPlainObject(data);
    case PacketType.EVENT:
      return Array.isArray(data) && isEventName(data[0]);
    case PacketType.ACK:
      return Array.isArray(data);
    default:
      return false;
  }
}

// Names Socket.IO gives its own events, which a peer must not be able to fire (as socket.io-parser checks too).
const RESERVED_EVENTS: readonly unknown[] = [
  "connect",
  "connect_error",
  "disconnect",
  "disconnecting",
  "newListener",
  "removeListener",
];

function isEventName(name: unknown): boolean {
  return typeof name === "number" || (typeof name === "string" && !RESERVED_EVENTS.includes(name));
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Pass as `parser` to both the Socket.IO server and the client: `new Server(http, { parser: socketIoParser })`. */
export const socketIoParser = { protocol: 5, Encoder: SocketIoPacketEncoder, Decoder: SocketIoPacketDecoder };
