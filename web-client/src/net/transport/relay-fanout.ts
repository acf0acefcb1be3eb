import type { FrameBytes, RelayChannel, RelaySend } from "@rallypoint/protocol";
import { RelayPacer } from "./relay-pacer.js";

/** Puts one relay:send on the wire (the signaling client's `relay`). */
export type RelaySender = (to: RelaySend["to"], channel: RelayChannel, bytes: FrameBytes) => void;

/** A frame waiting for the end of the turn, and the peers it goes to, in the order their links handed it over. */
interface PendingSend {
  channel: RelayChannel;
  bytes: FrameBytes;
  peerIds: string[];
}

/**
 * Gathers the frames the peer links hand to the relay within one turn of the event loop and sends each once: a
 * broadcast state frame, encoded once and handed over by every link on the relay, becomes one relay:send naming
 * them all (`to: null` when that is every other member) instead of one per link. Frames are matched by identity,
 * never by content, so only frames made once for several peers are merged; a link's own frames (events with its
 * sequence numbers, acks, pings) always go to that peer alone.
 *
 * Each peer's frames leave in the order its link handed them over: a frame joins an earlier send of the same bytes
 * only when nothing for that peer was queued after it.
 */
export class RelayFanout {
  private pending: PendingSend[] = [];
  /** Index in `pending` of the latest send of each bytes object, and of the latest send that names each peer. */
  private readonly latestOfBytes = new Map<FrameBytes, number>();
  private readonly latestOfPeer = new Map<string, number>();
  private isFlushScheduled = false;

  /**
   * `roomPeers`: the other members of the room, as this client knows them, when the turn ends. `pacer`: the budget
   * every send is taken from, which reliable frames wait for (`reserve`).
   */
  constructor(
    private readonly send: RelaySender,
    private readonly roomPeers: () => Iterable<string>,
    readonly pacer = new RelayPacer(),
  ) {}

  /** Queues `bytes` for `peerId`; it leaves with the rest of this turn's frames on a microtask. */
  relay(peerId: string, channel: RelayChannel, bytes: FrameBytes): void {
    const index = this.joinableIndex(peerId, channel, bytes);
    const joinable = index === undefined ? undefined : this.pending[index];
    if (index !== undefined && joinable) {
      joinable.peerIds.push(peerId);
      this.latestOfPeer.set(peerId, index);
    } else {
      const added = this.pending.push({ channel, bytes, peerIds: [peerId] }) - 1;
      this.latestOfBytes.set(bytes, added);
      this.latestOfPeer.set(peerId, added);
    }
    if (!this.isFlushScheduled) {
      this.isFlushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** The queued send of the same bytes that `peerId` may join: none when a later one already names it. */
  private joinableIndex(peerId: string, channel: RelayChannel, bytes: FrameBytes): number | undefined {
    const index = this.latestOfBytes.get(bytes);
    if (index === undefined || this.pending[index]?.channel !== channel) return undefined;
    return index > (this.latestOfPeer.get(peerId) ?? -1) ? index : undefined;
  }

  /** Sends everything queued now, in order. Peers that left the room meanwhile are left out. */
  flush(): void {
    const sends = this.pending;
    this.pending = [];
    this.latestOfBytes.clear();
    this.latestOfPeer.clear();
    this.isFlushScheduled = false;
    if (sends.length === 0) return;
    const peers = new Set(this.roomPeers());
    const sizes: number[] = [];
    for (const { channel, bytes, peerIds } of sends) {
      const to = peerIds.filter((id) => peers.has(id));
      if (to.length === 0) continue;
      this.send(addressOf(to, peers), channel, bytes);
      sizes.push(bytes.byteLength);
    }
    this.pacer.spend(sizes);
  }
}

/**
 * One peer by id; several as a list, or `null` (the server's cheapest fan-out) when they are every other member.
 * A single peer is never sent as `null`, even in a room of two: the server's room may already hold a member this
 * client has not heard of, and a link's own frames must not reach it.
 */
function addressOf(to: string[], peers: ReadonlySet<string>): RelaySend["to"] {
  const [first, ...others] = to;
  if (first !== undefined && others.length === 0) return first;
  return to.length === peers.size ? null : to;
}
