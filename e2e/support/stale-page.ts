import { socketIoParser, type SocketIoPacket } from "@rallypoint/protocol";

/**
 * A Socket.IO message from a page, as a page of another protocol version would send it: the `protocolVersion` of the
 * event it carries (room:create, room:join, ...) set to `version`. Messages are MessagePack Socket.IO packets
 * (socketIoParser); anything else passes as it is.
 */
export function withProtocolVersion(message: string | Buffer, version: number): string | Buffer {
  if (typeof message === "string") return message;
  const decoder = new socketIoParser.Decoder();
  let packet: SocketIoPacket | undefined;
  decoder.on("decoded", (decoded) => (packet = decoded));
  decoder.add(message);
  const data = packet && Array.isArray(packet.data) ? (packet.data as unknown[]) : [];
  const [event, payload, ...rest] = data;
  if (!packet || typeof payload !== "object" || payload === null || !("protocolVersion" in payload)) return message;
  const stale = { ...packet, data: [event, { ...payload, protocolVersion: version }, ...rest] };
  const [encoded] = new socketIoParser.Encoder().encode(stale);
  return encoded ? Buffer.from(encoded) : message;
}
