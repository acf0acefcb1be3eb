import { WebSocket, type RawData } from "ws";
import {
  connectFrame,
  eventFrame,
  PacketReader,
  type BotPacket,
  type PreparedBinaryEvent,
  type WireFormat,
} from "./socketio-wire.js";

/**
 * Just enough of a Socket.IO client for the load bench's bots, spoken straight over `ws`: Engine.IO v4 on the
 * websocket transport (`0` open, `2` ping answered `3`, binary messages as they are) carrying Socket.IO v5 packets
 * on the main namespace, in either wire format (socketio-wire.ts). One socket.io-client per bot costs the bench more
 * than the server it measures; this parses only what a bot reads, and sends packets the caller prepared once. See
 * https://socket.io/docs/v4/socket-io-protocol/ and https://socket.io/docs/v4/engine-io-protocol/.
 */
export class RawSocketIo {
  private readonly acks = new Map<number, (args: unknown[]) => void>();
  private nextAckId = 0;
  private readonly reader: PacketReader;
  private isClosing = false;
  /** Until the server accepts the namespace connection: what connect() answers. */
  private connecting: { resolve: () => void; reject: (error: Error) => void } | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly wire: WireFormat,
    private readonly listener: RawSocketIoListener,
  ) {
    this.reader = new PacketReader(wire);
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("close", (code) => this.ended(`close ${code}`));
    // A close always follows; before the connection is up, the error is what connect() rejects with.
    ws.on("error", (error) => this.ended(error.message));
  }

  /** Opens the websocket, connects to the main namespace and resolves once the server has accepted it. */
  static connect(
    url: string,
    wire: WireFormat,
    query: Record<string, string>,
    listener: RawSocketIoListener,
  ): Promise<RawSocketIo> {
    const search = new URLSearchParams({ ...query, EIO: "4", transport: "websocket" });
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?${search}`, { perMessageDeflate: false });
    const socket = new RawSocketIo(ws, wire, listener);
    return new Promise((resolve, reject) => {
      socket.connecting = { resolve: () => resolve(socket), reject };
      ws.once("open", () => ws.send(connectFrame(wire)));
    });
  }

  /** A text event with an ack; resolves with the ack's arguments, rejects after `timeoutMs`. */
  emitWithAck(event: string, payload: unknown, timeoutMs: number): Promise<unknown[]> {
    const id = this.nextAckId++;
    this.ws.send(eventFrame(this.wire, event, payload, id));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`${event}: no ack within ${timeoutMs} ms`));
      }, timeoutMs);
      this.acks.set(id, (args) => {
        clearTimeout(timer);
        resolve(args);
      });
    });
  }

  /** A binary event without ack, prepared once by the caller (`new PreparedBinaryEvent(wire, ...)`). */
  sendBinary(event: PreparedBinaryEvent, bytes: Uint8Array): void {
    event.send(this.ws, bytes);
  }

  /** The raw websocket, for callers that watch its buffer. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  close(): void {
    this.isClosing = true;
    this.ws.terminate();
  }

  private ended(reason: string): void {
    if (this.connecting) this.connecting.reject(new Error(reason));
    else if (!this.isClosing) this.listener.onClose(reason);
    this.connecting = undefined;
    this.isClosing = true;
  }

  private receive(data: RawData, isBinary: boolean): void {
    const bytes = asBuffer(data);
    if (isBinary) {
      this.onPacket(this.reader.read(undefined, bytes));
      return;
    }
    const text = bytes.toString();
    if (text === "2")
      this.ws.send("3"); // Engine.IO ping
    else if (text[0] === "4") this.onPacket(this.reader.read(text.slice(1), undefined)); // Engine.IO message
  }

  private onPacket(packet: BotPacket | undefined): void {
    switch (packet?.type) {
      case "connect":
        this.connecting?.resolve();
        this.connecting = undefined;
        return;
      case "disconnect":
        this.ended("io server disconnect");
        return;
      case "connect-error":
        this.ended(`connect_error ${JSON.stringify(packet.detail)}`);
        return;
      case "event":
        this.listener.onEvent(packet.name, packet.args);
        return;
      case "binary-event":
        this.listener.onBinaryEvent(packet.name, packet.bytes);
        return;
      case "ack":
        this.acks.get(packet.id)?.(packet.args);
        this.acks.delete(packet.id);
        return;
      default:
        return;
    }
  }
}

export interface RawSocketIoListener {
  /** A text event from the server, with its arguments. */
  onEvent(event: string, args: unknown[]): void;
  /** A binary event's attachment (the bots' binary events have exactly one: relay:message's data, relay:batch). */
  onBinaryEvent(event: string, bytes: Buffer): void;
  /** The connection ended without `close()`: the server cut it, or its heartbeat did. */
  onClose(reason: string): void;
}

function asBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}
