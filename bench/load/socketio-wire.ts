import { Decoder, Encoder } from "@msgpack/msgpack";
import type { WebSocket } from "ws";

/**
 * How a bench bot's Socket.IO packets look on the websocket: `json`, Socket.IO's default parser (a packet holding
 * bytes goes as a text header, then one binary message per attachment), or `msgpack`, the one binary message per
 * packet of Rallypoint's parser (@rallypoint/protocol socketIoParser), which servers of protocol 5 and later speak.
 */
export type WireFormat = "json" | "msgpack";

/** What a server speaks: its wire format, and the protocol version its room:create and room:join expect. */
export interface ServerDialect {
  wire: WireFormat;
  protocolVersion: number;
}

/** The version whose servers speak JSON and do not say their version on /healthz (older builds in a run). */
const LAST_JSON_VERSION = 4;

const dialects = new Map<string, Promise<ServerDialect>>();

/** A Rallypoint server's dialect, from its /healthz (`protocolVersion`, said since version 5); asked once per URL. */
export function rallypointDialect(url: string): Promise<ServerDialect> {
  let dialect = dialects.get(url);
  if (!dialect) {
    dialect = readDialect(url);
    dialects.set(url, dialect);
  }
  return dialect;
}

async function readDialect(url: string): Promise<ServerDialect> {
  const health = (await (await fetch(`${url}/healthz`)).json()) as { protocolVersion?: unknown };
  const protocolVersion = typeof health.protocolVersion === "number" ? health.protocolVersion : LAST_JSON_VERSION;
  return { wire: protocolVersion > LAST_JSON_VERSION ? "msgpack" : "json", protocolVersion };
}

/** A decoded Socket.IO packet, as much of it as a bot reads. */
export type BotPacket =
  | { type: "connect" | "disconnect" | "connect-error"; detail?: unknown }
  | { type: "event"; name: string; args: unknown[] }
  | { type: "binary-event"; name: string; bytes: Buffer }
  | { type: "ack"; id: number; args: unknown[] };

const SOCKET_IO_TYPES = ["connect", "disconnect", "event", "ack", "connect-error"] as const;
const ENGINE_IO_MESSAGE = "4";

/**
 * A binary event without ack whose packet is made once: `send` puts it on the wire with this message's bytes.
 * JSON: the prepared `451-[...]` header, then the bytes. MessagePack: a packet made once per byte length with a
 * blank `data` last, so its bytes are the packet's last ones; each send copies it and writes the bytes there.
 */
export class PreparedBinaryEvent {
  private readonly templates = new Map<number, Uint8Array>();
  private readonly header: string;

  constructor(
    private readonly wire: WireFormat,
    private readonly event: string,
    private readonly payload: Record<string, unknown> | null,
  ) {
    const placeholder = { _placeholder: true, num: 0 };
    this.header = `${ENGINE_IO_MESSAGE}51-${JSON.stringify([event, payload === null ? placeholder : { ...payload, data: placeholder }])}`;
  }

  send(ws: WebSocket, bytes: Uint8Array): void {
    if (this.wire === "json") {
      ws.send(this.header);
      ws.send(bytes);
      return;
    }
    let template = this.templates.get(bytes.byteLength);
    if (!template) {
      const blank = new Uint8Array(bytes.byteLength);
      template = encoder.encode(packet(this.event, this.payload === null ? blank : { ...this.payload, data: blank }));
      this.templates.set(bytes.byteLength, template);
    }
    const frame = template.slice();
    frame.set(bytes, frame.byteLength - bytes.byteLength);
    ws.send(frame);
  }
}

const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

function packet(event: string, payload: unknown, id?: number): object {
  return { type: 2, nsp: "/", data: [event, payload], id };
}

/** The frames of the namespace connect and of a text event with an ack, in `wire`'s format. */
export function connectFrame(wire: WireFormat): string | Uint8Array {
  return wire === "json" ? `${ENGINE_IO_MESSAGE}0` : encoder.encode({ type: 0, nsp: "/" });
}

export function eventFrame(wire: WireFormat, event: string, payload: unknown, ackId: number): string | Uint8Array {
  return wire === "json"
    ? `${ENGINE_IO_MESSAGE}2${ackId}${JSON.stringify([event, payload])}`
    : encoder.encode(packet(event, payload, ackId));
}

/**
 * Reads one websocket message of `wire`, Engine.IO's framing already taken off (a text message's leading `4`).
 * JSON binary events arrive in two messages: `attachmentOf` is the event the next binary message belongs to.
 */
export class PacketReader {
  private attachmentOf: string | undefined;

  constructor(private readonly wire: WireFormat) {}

  /** `text`: a Socket.IO packet in text (JSON only); `bytes`: a binary message. */
  read(text: string | undefined, bytes: Buffer | undefined): BotPacket | undefined {
    if (this.wire === "msgpack") return bytes ? fromMsgpack(decoder.decode(bytes)) : undefined;
    if (bytes) {
      const name = this.attachmentOf;
      this.attachmentOf = undefined;
      return name === undefined ? undefined : { type: "binary-event", name, bytes };
    }
    return text === undefined ? undefined : this.fromJson(text);
  }

  private fromJson(text: string): BotPacket | undefined {
    const type = text[0];
    if (type === "5") {
      // `5<attachments>-["<event>",...]`: only the event name is read; the bots' binary events carry one.
      const nameAt = text.indexOf('["') + 2;
      this.attachmentOf = text.slice(nameAt, text.indexOf('"', nameAt));
      return undefined;
    }
    if (type === "2") {
      const [name, ...args] = JSON.parse(text.slice(1)) as [string, ...unknown[]];
      return { type: "event", name, args };
    }
    if (type === "3") {
      const bracket = text.indexOf("[");
      return { type: "ack", id: Number(text.slice(1, bracket)), args: JSON.parse(text.slice(bracket)) as unknown[] };
    }
    const named = SOCKET_IO_TYPES[Number(type)];
    return named === "connect" || named === "disconnect" || named === "connect-error"
      ? { type: named, detail: text.slice(1) }
      : undefined;
  }
}

function fromMsgpack(value: unknown): BotPacket | undefined {
  const { type, data, id } = value as { type: number; data?: unknown; id?: number };
  const named = SOCKET_IO_TYPES[type];
  if (named === "ack") return { type: "ack", id: id ?? -1, args: data as unknown[] };
  if (named !== "event") return named && { type: named, detail: data };
  const [name, payload, ...rest] = data as [string, unknown, ...unknown[]];
  // The bots' binary events carry their bytes as the payload (relay:batch) or its `data` (relay:message).
  const bytes = payload instanceof Uint8Array ? payload : (payload as { data?: unknown } | null)?.data;
  if (bytes instanceof Uint8Array) {
    return { type: "binary-event", name, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  return { type: "event", name, args: [payload, ...rest] };
}
