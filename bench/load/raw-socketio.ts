import { WebSocket, type RawData } from "ws";

/**
 * Just enough of a Socket.IO client for the load bench's bots, spoken straight over `ws`: Engine.IO v4 on the
 * websocket transport (`0` open, `2` ping answered `3`, binary messages as they are) carrying Socket.IO v5 packets
 * on the main namespace (`40` connect, `42` event, `43` ack, `45` binary event, `41` disconnect). One
 * socket.io-client per bot costs the bench more than the server it measures; this parses only what a bot reads,
 * and sends frames the caller encoded once. See https://socket.io/docs/v4/socket-io-protocol/ and
 * https://socket.io/docs/v4/engine-io-protocol/.
 */
export class RawSocketIo {
  private readonly acks = new Map<number, (args: unknown[]) => void>();
  private nextAckId = 0;
  /** The name of the binary event whose attachment the next binary message is (one attachment each here). */
  private attachmentOf: string | undefined;
  private isClosing = false;
  /** Until the server accepts the namespace connection: what connect() answers. */
  private connecting: { resolve: () => void; reject: (error: Error) => void } | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly listener: RawSocketIoListener,
  ) {
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("close", (code) => this.ended(`close ${code}`));
    // A close always follows; before the connection is up, the error is what connect() rejects with.
    ws.on("error", (error) => this.ended(error.message));
  }

  /** Opens the websocket, connects to the main namespace and resolves once the server has accepted it. */
  static connect(url: string, query: Record<string, string>, listener: RawSocketIoListener): Promise<RawSocketIo> {
    const search = new URLSearchParams({ ...query, EIO: "4", transport: "websocket" });
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?${search}`, { perMessageDeflate: false });
    const socket = new RawSocketIo(ws, listener);
    return new Promise((resolve, reject) => {
      socket.connecting = { resolve: () => resolve(socket), reject };
      ws.once("open", () => ws.send("40"));
    });
  }

  /** A text event with an ack; resolves with the ack's arguments, rejects after `timeoutMs`. */
  emitWithAck(event: string, payload: unknown, timeoutMs: number): Promise<unknown[]> {
    const id = this.nextAckId++;
    this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
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

  /** A binary event without ack: `header` is the whole `451-[...]` packet, made once by the caller; then its bytes. */
  sendBinary(header: string, bytes: Uint8Array): void {
    this.ws.send(header);
    this.ws.send(bytes);
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
    if (isBinary) {
      const event = this.attachmentOf;
      this.attachmentOf = undefined;
      if (event !== undefined) this.listener.onBinaryEvent(event, asBuffer(data));
      return;
    }
    const text = asBuffer(data).toString();
    switch (text.charCodeAt(0)) {
      case 0x32: // "2": Engine.IO ping
        this.ws.send("3");
        return;
      case 0x34: // "4": Engine.IO message, a Socket.IO packet
        this.receivePacket(text);
        return;
    }
  }

  private receivePacket(text: string): void {
    switch (text[1]) {
      case "0":
        this.connecting?.resolve();
        this.connecting = undefined;
        return;
      case "1":
        this.ended("io server disconnect");
        return;
      case "2": {
        const [event, ...args] = JSON.parse(text.slice(2)) as [string, ...unknown[]];
        this.listener.onEvent(event, args);
        return;
      }
      case "3": {
        const bracket = text.indexOf("[");
        const id = Number(text.slice(2, bracket));
        this.acks.get(id)?.(JSON.parse(text.slice(bracket)) as unknown[]);
        this.acks.delete(id);
        return;
      }
      case "4":
        this.ended(`connect_error ${text.slice(2)}`);
        return;
      case "5": {
        // `45<attachments>-["<event>",...]`: only the event name is read; the bots' binary events carry one.
        const nameAt = text.indexOf('["') + 2;
        this.attachmentOf = text.slice(nameAt, text.indexOf('"', nameAt));
        return;
      }
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

/** The header of a binary event with its one attachment where `data` (or the whole payload) goes. */
export function binaryEventHeader(event: string, payload: Record<string, unknown> | null): string {
  const placeholder = { _placeholder: true, num: 0 };
  return `451-${JSON.stringify([event, payload === null ? placeholder : { ...payload, data: placeholder }])}`;
}

function asBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}
