import { encodeRelayBatch, Limits, type RelayMessage } from "@rallypoint/protocol";

/**
 * When relayed state leaves the server: `off`, each message at once; `turn`, at the end of the current event-loop
 * turn (setImmediate), so an idle server adds no delay and batches form only from messages that arrive together;
 * `tick`, after `ms`, which also batches messages that arrive a little apart, at the cost of up to `ms` of latency.
 */
export type StateBatching = { kind: "off" } | { kind: "turn" } | { kind: "tick"; ms: number };

/** Where flushed state goes, and who is behind: Socket.IO in the server, a recorder in unit tests. */
export interface StateOutlet {
  /** Ids of this process's sockets in `channels` with a real backlog: they skip the state flushed now. */
  busySockets(channels: readonly string[]): string[];
  /** To every socket in `channels`, on every process, but the socket ids in `except`. */
  emitMessage(channels: readonly string[], except: readonly string[], message: RelayMessage): void;
  emitBatch(channels: readonly string[], except: readonly string[], batch: Uint8Array): void;
}

export interface StateBatcherMetrics {
  countRelayDropped(reason: "recipient-busy", count: number): void;
  countStateBatch(messages: number): void;
}

interface Pending {
  senderSocketId: string;
  message: RelayMessage;
}

// What MessagePack adds to each [from, data] pair besides their bytes (member ids are ASCII UUIDs), and to the array.
const ITEM_OVERHEAD_BYTES = 8;
const BATCH_OVERHEAD_BYTES = 5;

/**
 * Relays state per set of recipients (a room's channel, or members' channels) and, while messages for the same
 * recipients arrive together, sends them as one `relay:batch` blob instead of one `relay:message` each: every message
 * a recipient gets costs the server a websocket frame and its system call, whatever its size. A lone message
 * stays a `relay:message`. One batch per set goes through the adapter to every member on every process, so a batch
 * to a room also reaches its senders, unless they are its only sender; clients drop their own messages.
 * A batch is bounded by Limits.maxRelayBatchMessages and maxRelayBatchBytes; past either it leaves at once.
 * A sender's state to the room and to a list of members batch apart, and may leave in either order: state is
 * latest-wins, and a receiver drops a snapshot older than one it has.
 */
export class StateBatcher {
  /** Per set of recipient channels (keyed by their names joined): what waits for the end of the turn. */
  private readonly pending = new Map<string, { channels: readonly string[]; items: Pending[]; bytes: number }>();
  private isScheduled = false;

  constructor(
    private readonly batching: StateBatching,
    private readonly outlet: StateOutlet,
    private readonly metrics: StateBatcherMetrics,
  ) {}

  /** Relays `message` from the socket `senderSocketId` to `channels` (never back to that socket on its own). */
  add(channels: readonly string[], senderSocketId: string, message: RelayMessage): void {
    const key = channels.join(",");
    const item = { senderSocketId, message };
    const { data } = message;
    if (this.batching.kind === "off" || !(data instanceof Uint8Array)) {
      // Whatever is pending for these recipients goes first, so a sender's messages keep their order.
      this.flush(key);
      this.send(channels, [item]);
      return;
    }
    const itemBytes = data.byteLength + message.from.length + ITEM_OVERHEAD_BYTES;
    let batch = this.pending.get(key);
    const isFull =
      batch &&
      (batch.items.length >= Limits.maxRelayBatchMessages ||
        batch.bytes + itemBytes > Limits.maxRelayBatchBytes - BATCH_OVERHEAD_BYTES);
    if (isFull) {
      this.flush(key);
      batch = undefined;
    }
    if (batch) {
      batch.items.push(item);
      batch.bytes += itemBytes;
    } else {
      this.pending.set(key, { channels, items: [item], bytes: itemBytes });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    const flushAll = (): void => {
      this.isScheduled = false;
      for (const key of [...this.pending.keys()]) this.flush(key);
    };
    if (this.batching.kind === "tick") setTimeout(flushAll, this.batching.ms);
    else setImmediate(flushAll);
  }

  private flush(key: string): void {
    const batch = this.pending.get(key);
    if (!batch) return;
    this.pending.delete(key);
    this.send(batch.channels, batch.items);
  }

  private send(channels: readonly string[], items: readonly Pending[]): void {
    // State is latest-wins: a recipient that is behind skips it rather than queueing it.
    const busy = this.outlet.busySockets(channels);
    for (const id of busy) {
      this.metrics.countRelayDropped("recipient-busy", items.filter((item) => item.senderSocketId !== id).length);
    }
    const [first] = items;
    if (!first) return;
    const senders = new Set(items.map((item) => item.senderSocketId));
    const except = senders.size === 1 ? [first.senderSocketId, ...busy] : busy;
    if (items.length === 1) {
      this.outlet.emitMessage(channels, except, first.message);
      return;
    }
    this.metrics.countStateBatch(items.length);
    // Only add() queues, and only binary state: every item of a batch of several holds bytes.
    const batch = encodeRelayBatch(
      items.map(({ message }) => ({ from: message.from, data: message.data as Uint8Array })),
    );
    this.outlet.emitBatch(channels, except, batch);
  }
}
