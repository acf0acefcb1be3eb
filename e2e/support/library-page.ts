// What runs inside a LibraryPlayer's page. Each function here is handed to `page.evaluate`, which sends its source
// text to the page: it must stay self-contained (no imports, no module-level helpers; types are erased).
import type {
  GameEvent,
  GameNetworkManager,
  GameNetworkManagerOptions,
  LinkInfo,
  NetworkEvents,
  StateUpdate,
} from "@rallypoint/client";

/** A session or presence event the page recorded, stamped with the page's Date.now(). */
export interface LifecycleEvent {
  event: string;
  value: unknown;
  at: number;
}

/** How closely one player's view followed another's motion (see `trackCircle`). */
export interface TrackingResult {
  samples: number;
  rmsError: number;
  maxError: number;
  medianError: number;
  /** The error that 75% of samples stay within. */
  p75Error: number;
  /** How many samples were interpolated, extrapolated, or not available yet. */
  kinds: Record<string, number>;
}

/**
 * Stops the page's previous manager, if any (its streams and motion loops end and it leaves its room), imports the
 * standalone module `/rallypoint/rallypoint.js` as a page without a bundler does, creates a manager and records
 * everything it emits in `window.rallypoint`.
 */
export async function installManager({
  options,
  label,
}: {
  options: GameNetworkManagerOptions;
  label: string;
}): Promise<void> {
  await (window.rallypoint as typeof window.rallypoint | undefined)?.dispose();
  const url = "/rallypoint/rallypoint.js";
  const { GameNetworkManager: Manager } = (await import(url)) as {
    GameNetworkManager: typeof GameNetworkManager;
  };
  const net = new Manager({ name: label, ...options });
  const record = {
    net,
    events: [] as GameEvent[],
    states: [] as StateUpdate[],
    linkChanges: [] as (LinkInfo & { at: number })[],
    peerLeftAt: {} as Record<string, number>,
    lifecycle: [] as { event: string; value: unknown; at: number }[],
    joinedAt: 0,
    stoppers: [] as (() => unknown)[],
    dispose: async () => {
      for (const stop of record.stoppers.splice(0)) stop();
      await net.leave();
    },
  };
  const lifecycleEvents: (keyof NetworkEvents)[] = [
    "peer-reconnecting",
    "peer-resumed",
    "peer-left",
    "host-changed",
    "reconnecting",
    "resumed",
    "disconnected",
    "room-properties-changed",
    "player-properties-changed",
    "room-settings-changed",
  ];
  for (const event of lifecycleEvents) {
    net.on(event, (value) => record.lifecycle.push({ event, value, at: Date.now() }));
  }
  net.onHostMigration((value) => record.lifecycle.push({ event: "host-migration", value, at: Date.now() }));
  net.on("event", (event) => record.events.push(event));
  net.on("state", (state) => record.states.push(state));
  net.on("link-changed", (link) => record.linkChanges.push({ ...link, at: Date.now() }));
  net.on("peer-left", ({ id }) => {
    record.peerLeftAt[id] = Date.now();
  });
  (window as unknown as { rallypoint: typeof record }).rallypoint = record;
}

/**
 * Moves a synthetic object around a circle (centre 0,0) in the shared time base, calling setLocalState every
 * animation frame with its position and velocity, until the page's `stopStreaming`.
 */
export function moveInCircle({ radius, periodMs }: { radius: number; periodMs: number }): void {
  const { net } = window.rallypoint;
  const omega = (2 * Math.PI) / periodMs;
  let frame = 0;
  const step = (): void => {
    const t = net.now();
    const position = [radius * Math.cos(omega * t), radius * Math.sin(omega * t)];
    const velocity = [-radius * omega * 1000 * Math.sin(omega * t), radius * omega * 1000 * Math.cos(omega * t)];
    net.setLocalState({ position, velocity });
    frame = requestAnimationFrame(step);
  };
  step();
  window.rallypoint.stopStreaming = () => {
    cancelAnimationFrame(frame);
    return 0;
  };
  window.rallypoint.stoppers.push(window.rallypoint.stopStreaming);
}

/**
 * Samples `peerId`'s rendered position every animation frame for `durationMs` and compares it with where the
 * circle of `moveInCircle` really was at the moment shown (now minus the interpolation delay).
 */
export function trackCircleInPage({
  peerId,
  radius,
  periodMs,
  durationMs,
}: {
  peerId: string;
  radius: number;
  periodMs: number;
  durationMs: number;
}): Promise<TrackingResult> {
  return new Promise<TrackingResult>((resolve) => {
    const { net } = window.rallypoint;
    const omega = (2 * Math.PI) / periodMs;
    const errors: number[] = [];
    const kinds: Record<string, number> = {};
    const end = performance.now() + durationMs;
    // Defined in here: this function runs in the page.
    const nearestRank = (values: number[], rank: number): number =>
      [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(rank * values.length) - 1)] ?? NaN;
    const sample = (): void => {
      const now = net.now();
      const state = net.getRemoteState(peerId, now);
      const delay = net.getRemoteStats(peerId)?.delayMs;
      const position = state?.position as number[] | undefined;
      if (position && delay !== undefined) {
        const shown = now - delay;
        const truth = [radius * Math.cos(omega * shown), radius * Math.sin(omega * shown)];
        errors.push(Math.hypot((position[0] ?? NaN) - (truth[0] ?? 0), (position[1] ?? NaN) - (truth[1] ?? 0)));
        kinds.sampled = (kinds.sampled ?? 0) + 1;
      } else {
        kinds.missing = (kinds.missing ?? 0) + 1;
      }
      if (performance.now() < end) requestAnimationFrame(sample);
      else
        resolve({
          samples: errors.length,
          rmsError: Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0) / Math.max(1, errors.length)),
          maxError: Math.max(0, ...errors),
          medianError: nearestRank(errors, 0.5),
          p75Error: nearestRank(errors, 0.75),
          kinds,
        });
    };
    sample();
  });
}

declare global {
  interface Window {
    rallypoint: {
      net: GameNetworkManager;
      events: GameEvent[];
      states: StateUpdate[];
      linkChanges: (LinkInfo & { at: number })[];
      peerLeftAt: Record<string, number>;
      lifecycle: LifecycleEvent[];
      joinedAt: number;
      stopStreaming?: () => number;
      /** What ends this manager's streams and motion loops (see `installManager`). */
      stoppers: (() => unknown)[];
      /** Stops every stream and loop, and leaves the room. */
      dispose(): Promise<void>;
    };
  }
}
