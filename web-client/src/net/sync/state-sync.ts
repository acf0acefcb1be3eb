import type { InterpolationSchema } from "./interpolation-schema.js";
import { RemoteView, type RemoteViewFrame, type RemoteViewOptions, type RemoteViewStats } from "./remote-view.js";
import { dequantizeState, quantizeState } from "./state-codec.js";
import { StateThrottle } from "./state-throttle.js";

/** A snapshot as it goes out and comes in: the payload is the (quantized) state. */
export interface OutgoingSnapshot {
  seq: number;
  time: number;
  payload: unknown;
  teleport?: boolean;
}

export interface StateSyncOptions {
  /** How each field interpolates and, optionally, its quantization (`precision`). Default `{}`: newest values. */
  schema: InterpolationSchema;
  /** Most state sends per second. Default 20. */
  tickRate: number;
  /** While the local state does not change, resend it this often. Default 1000 ms. */
  keepaliveMs: number;
  /** Interpolation delay, buffer and prediction settings per remote player. */
  interpolation: RemoteViewOptions;
}

export interface StateSyncDeps {
  /** The room's shared time (ms). */
  now(): number;
  /** Sends a snapshot to every peer, on the unreliable path. */
  broadcast(snapshot: OutgoingSnapshot): void;
}

type State = Record<string, unknown>;

/**
 * Both directions of state sync for one player: the local state goes out throttled and latest-wins, each remote
 * player's snapshots feed an interpolating view.
 */
export class StateSync {
  private readonly throttle: StateThrottle<{ state: State; teleport: boolean }>;
  private readonly views = new Map<string, RemoteView<InterpolationSchema, State>>();
  /** Each remote player's newest snapshot as received (not interpolated): what a new host takes over from. */
  private readonly newest = new Map<string, State>();
  private seq = 0;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: StateSyncOptions,
    private readonly deps: StateSyncDeps,
  ) {
    // States are compared by their quantized form: a change below the precision is no change.
    const wire = (value: { state: State }): string => JSON.stringify(quantizeState(options.schema, value.state));
    this.throttle = new StateThrottle(options, (latest, sent) => !latest.teleport && wire(latest) === wire(sent));
  }

  /** The newest local state; sent at the next free tick. `teleport` makes receivers snap instead of gliding. */
  setLocalState(state: State, teleport = false): void {
    this.throttle.offer({ state, teleport });
    this.flush();
  }

  /** A snapshot from a peer: validated, dequantized and buffered. Returns the state, or null when invalid. */
  receive(peerId: string, snapshot: OutgoingSnapshot): State | null {
    const state = dequantizeState(this.options.schema, snapshot.payload);
    if (!state) return null;
    let view = this.views.get(peerId);
    if (!view)
      this.views.set(
        peerId,
        (view = new RemoteView<InterpolationSchema, State>(this.options.schema, this.options.interpolation)),
      );
    const isKept = view.push(
      { seq: snapshot.seq, time: snapshot.time, state, teleport: snapshot.teleport },
      this.deps.now(),
    );
    if (isKept) this.newest.set(peerId, state);
    return state;
  }

  /** What to draw for a remote player at `at` (default: now), or undefined before its first snapshot. */
  remoteState(peerId: string, at = this.deps.now()): RemoteViewFrame<State> | undefined {
    return this.views.get(peerId)?.view(at);
  }

  remoteStats(peerId: string): RemoteViewStats | undefined {
    return this.views.get(peerId)?.stats();
  }

  /** The newest state received from a remote player (stale and reordered snapshots skipped), or undefined. */
  latestState(peerId: string): State | undefined {
    return this.newest.get(peerId);
  }

  removePeer(peerId: string): void {
    this.views.delete(peerId);
    this.newest.delete(peerId);
  }

  stop(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private flush(): void {
    const due = this.throttle.take(this.deps.now());
    if (due) {
      const payload = quantizeState(this.options.schema, due.state);
      this.deps.broadcast({ seq: this.seq++, time: this.deps.now(), payload, ...(due.teleport && { teleport: true }) });
      return;
    }
    // The latest state waits for the next free tick rather than being dropped.
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, 1000 / this.options.tickRate);
  }
}
