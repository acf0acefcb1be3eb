import type { FrameBytes, RelayChannel, RelaySend } from "@rallypoint/protocol";
import { RelayPacer } from "./relay-pacer.js";

/** Puts one relay:send on the wire (the signaling client's `relay`). */
export type RelaySender = (to: RelaySend["to"], channel: RelayChannel, bytes: FrameBytes) => void;

/**
 * The relay as the mesh uses it: each send goes out at once, addressed as cheaply as the server allows, and draws
 * on one budget for the whole client (`pacer`), which reliable frames wait for (`ready`).
 */
export class RelayFanout {
  constructor(
    private readonly send: RelaySender,
    readonly pacer = new RelayPacer(),
  ) {}

  /**
   * One relay:send of `bytes` to `peerIds`, out of the `roomSize` other members this client knows: one peer by id,
   * several as a list, or `null` (the server's cheapest fan-out) when they are all of them. A single peer is never
   * sent as `null`, even in a room of two: the server's room may already hold a member this client has not heard
   * of, and a link's own frames must not reach it.
   */
  relay(peerIds: readonly string[], roomSize: number, channel: RelayChannel, bytes: FrameBytes): void {
    const [first, ...others] = peerIds;
    this.send(
      first !== undefined && others.length === 0 ? first : peerIds.length === roomSize ? null : [...peerIds],
      channel,
      bytes,
    );
    this.pacer.spend([bytes.byteLength]);
  }

  /** Whether the pace lets a reliable frame of `bytes` go now; if not, `wake` is called once it may. */
  ready(bytes: number, wake: () => void): boolean {
    return this.pacer.reserve(bytes, wake);
  }
}
