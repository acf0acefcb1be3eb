import { decodeFrame, encodeFrame } from "../../shared/src/index.js";
import type { PingResult } from "./swarm-protocol.js";

/** The shared clock of the bot threads: epoch ms with microseconds, as the web client's `net.now()`. */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * Round trips through the server between two bots alone in a room: the pinger sends a `ping` frame on the event
 * channel, the other bot answers `pong` with the same id (see `answerPing`), the pinger takes the time in between.
 */
export class Pinger {
  private readonly pending = new Map<number, (receivedAt: number) => void>();
  private nextId = 1;

  constructor(private readonly send: (bytes: Uint8Array) => void) {}

  /** Feed it every frame that reaches the pinger. */
  receive(bytes: Uint8Array): void {
    const frame = decodeFrame(bytes);
    if (frame?.type === "pong") this.pending.get(frame.id)?.(now());
  }

  /** One round trip in ms, or undefined when no pong came within `timeoutMs`. */
  ping(timeoutMs: number): Promise<number | undefined> {
    const id = this.nextId++;
    const sentAt = now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(id, (receivedAt) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(receivedAt - sentAt);
      });
      this.send(encodeFrame({ type: "ping", id }));
    });
  }

  /** `count` round trips one after another, each sent when the last came back (or timed out). */
  async sequence(count: number, timeoutMs: number): Promise<PingResult> {
    const result: PingResult = { rttsMs: [], lost: 0 };
    for (let index = 0; index < count; index++) add(result, await this.ping(timeoutMs));
    return result;
  }

  /** One round trip every `everyMs` until `until`; only those sent from `from` on are kept. */
  async paced(from: number, until: number, everyMs: number, timeoutMs: number): Promise<PingResult> {
    const result: PingResult = { rttsMs: [], lost: 0 };
    for (let at = now(); at < until; at = now()) {
      const rtt = await this.ping(timeoutMs);
      if (at >= from) add(result, rtt);
      const wait = everyMs - (now() - at);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return result;
  }
}

/** The other half of a Pinger: answers each `ping` frame with a `pong` of the same id. */
export function answerPing(bytes: Uint8Array, send: (bytes: Uint8Array) => void): void {
  const frame = decodeFrame(bytes);
  if (frame?.type === "ping") send(encodeFrame({ type: "pong", id: frame.id }));
}

function add(result: PingResult, rtt: number | undefined): void {
  if (rtt === undefined) result.lost++;
  else result.rttsMs.push(rtt);
}
