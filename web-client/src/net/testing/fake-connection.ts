import type { FrameBytes } from "@rallypoint/protocol";

/** Where a fake connection's frames travel: FakeNetwork's queue (a structured clone, delivered on `flush()`). */
export interface FakeWire {
  send<T>(value: T, deliver: (value: T) => void): void;
}

type Handler = (value?: unknown) => void;

/** A negotiated RTCDataChannel of a fake connection (the state channel, unordered, in WebRTCChannel). */
class FakeDataChannel {
  readyState: RTCDataChannelState = "connecting";
  bufferedAmount = 0;
  binaryType = "arraybuffer";
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  remote: FakeDataChannel | undefined;

  constructor(private readonly wire: FakeWire) {}

  send(bytes: FrameBytes): void {
    const remote = this.remote;
    this.wire.send(bytes.slice().buffer, (data) => {
      if (remote?.readyState === "open") remote.onmessage?.({ data });
    });
  }

  open(): void {
    this.readyState = "open";
    this.onopen?.();
  }

  close(): void {
    if (this.readyState === "closed") return;
    this.readyState = "closed";
    const remote = this.remote;
    this.wire.send(null, () => remote?.close());
    this.onclose?.();
  }
}

/**
 * One side of a fake PeerJS DataConnection, with just what WebRTCChannel uses of it and of its RTCPeerConnection:
 * `open`, `on`, `send` (raw bytes, arriving as an ArrayBuffer), `close`, and a negotiated state channel.
 */
export class FakeConnection {
  open = false;
  other!: FakeConnection;
  stateChannel: FakeDataChannel | undefined;
  /** PeerJS's reliable RTCDataChannel, as far as WebRTCChannel looks at it. */
  readonly dataChannel = { bufferedAmount: 0, bufferedAmountLowThreshold: 0, addEventListener: () => undefined };
  readonly peerConnection = {
    createDataChannel: (): FakeDataChannel => {
      this.stateChannel = new FakeDataChannel(this.wire);
      const remote = this.other.stateChannel;
      if (remote) [this.stateChannel.remote, remote.remote] = [remote, this.stateChannel];
      return this.stateChannel;
    },
    addEventListener: () => undefined,
    getStats: () => Promise.resolve(new Map()),
  };
  private readonly handlers = new Map<string, Handler[]>();
  private isClosed = false;

  private constructor(
    private readonly wire: FakeWire,
    /** The remote member's id, as PeerJS names it. */
    readonly peer: string,
  ) {}

  /** Both ends of a connection from `from` to `to`: `[from's, to's]`. */
  static pair(wire: FakeWire, from: string, to: string): [FakeConnection, FakeConnection] {
    const ours = new FakeConnection(wire, to);
    const theirs = new FakeConnection(wire, from);
    [ours.other, theirs.other] = [theirs, ours];
    return [ours, theirs];
  }

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  send(bytes: FrameBytes): void {
    const other = this.other;
    this.wire.send(bytes.slice().buffer, (data) => {
      if (other.open) other.fire("data", data);
    });
  }

  /** ICE succeeded: both ends and their state channels open. */
  connect(): void {
    for (const end of [this, this.other]) end.openThisEnd();
  }

  /** Only this end opens (and its state channel): what it sends is lost until the other end opens too. */
  openThisEnd(): void {
    if (this.isClosed) return;
    this.open = true;
    this.stateChannel?.open();
    this.fire("open");
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.open = false;
    this.stateChannel?.close();
    const other = this.other;
    this.wire.send(null, () => other.close());
    this.fire("close");
  }

  private fire(event: string, value?: unknown): void {
    for (const handler of this.handlers.get(event) ?? []) handler(value);
  }
}
