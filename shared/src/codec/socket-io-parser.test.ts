import { Encoder as MsgpackEncoder } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { socketIoParser, type SocketIoPacket } from "./socket-io-parser.js";

function roundTrip(packet: SocketIoPacket): SocketIoPacket[] {
  const frames = new socketIoParser.Encoder().encode(packet);
  return frames.map((frame) => decodeOne(frame));
}

function decodeOne(frame: unknown): SocketIoPacket {
  const decoder = new socketIoParser.Decoder();
  let decoded: SocketIoPacket | undefined;
  decoder.on("decoded", (packet) => (decoded = packet));
  decoder.add(frame);
  if (!decoded) throw new Error("nothing decoded");
  return decoded;
}

const raw = (value: unknown): Uint8Array => new MsgpackEncoder().encode(value);

describe("socketIoParser", () => {
  it("sends a packet holding bytes as one binary message, bytes intact", () => {
    const data = new Uint8Array([1, 2, 3, 250]);
    const frames = new socketIoParser.Encoder().encode({ type: 2, nsp: "/", data: ["relay:send", { to: null, data }] });
    expect(frames).toHaveLength(1);
    expect(decodeOne(frames[0])).toEqual({ type: 2, nsp: "/", data: ["relay:send", { to: null, data }] });
  });

  it("leaves undefined fields out, as JSON would, and keeps ack ids", () => {
    const [packet] = roundTrip({ type: 3, nsp: "/", id: 7, data: [{ ok: true, error: undefined }] });
    expect(packet).toEqual({ type: 3, nsp: "/", id: 7, data: [{ ok: true }] });
    expect(packet?.data).not.toHaveProperty("0.error");
  });

  it("decodes what the browser hands over: an ArrayBuffer", () => {
    const frame = new socketIoParser.Encoder().encode({ type: 0, nsp: "/", data: { token: "t" } })[0];
    const copy = frame ? frame.slice().buffer : new ArrayBuffer(0);
    expect(decodeOne(copy)).toEqual({ type: 0, nsp: "/", data: { token: "t" } });
  });

  it.each([
    ["a text frame (the default parser's)", '42["room:join",{}]'],
    ["not MessagePack", new Uint8Array([0xc1])],
    ["not an object", raw([2, "/", ["x"]])],
    ["an unknown packet type", raw({ type: 5, nsp: "/", data: ["x"] })],
    ["no namespace", raw({ type: 2, data: ["x"] })],
    ["a fractional ack id", raw({ type: 2, nsp: "/", id: 1.5, data: ["x"] })],
    ["an event without a name", raw({ type: 2, nsp: "/", data: [{}] })],
    ["an event named like Socket.IO's own", raw({ type: 2, nsp: "/", data: ["disconnect"] })],
    ["a connect with an array", raw({ type: 0, nsp: "/", data: [] })],
    ["a disconnect with data", raw({ type: 1, nsp: "/", data: "bye" })],
    [
      "a __proto__ key",
      Uint8Array.from([0x83, ...raw("type"), 1, ...raw("nsp"), ...raw("/"), ...raw("__proto__"), 0xc0]),
    ],
  ])("refuses %s by throwing (Socket.IO then closes the connection)", (_what, frame) => {
    expect(() => decodeOne(frame)).toThrow();
  });
});
