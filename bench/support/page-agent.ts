import type * as Rallypoint from "../../web-client/src/net/index.js";
import type { GameNetworkManager, LinkInfo, LinkPath, NetworkMode, Via } from "../../web-client/src/net/index.js";

/** `event`: reliable `sendEvent`; `state`: unreliable `sendState`. */
export type Channel = "event" | "state";

export interface PingOptions {
  peerId: string;
  channel: Channel;
  /** Round trips measured, after `warmup` unmeasured ones. */
  count: number;
  warmup: number;
  /** A ping with no pong after this long counts as lost, and the next one goes out. */
  timeoutMs: number;
}

export interface PingResult {
  /** One sample per measured round trip whose ping and pong both took the expected path. */
  rttsMs: number[];
  /** Measured round trips with no pong within the timeout. */
  lost: number;
  /** Measured round trips whose ping or pong took another path than `expectedVia` (left out of `rttsMs`). */
  offPath: number;
}

/** Milliseconds from the start of the joiner's `joinRoom()` call; null until it happened. */
export interface JoinTimings {
  joinAckMs: number | null;
  firstMessageMs: number | null;
  firstMessageVia: Via | null;
  upgradeMs: number | null;
}

/** What the bench drives in each page; one manager (session) at a time, replaced by `reset`. */
export interface BenchAgent {
  /** Leaves the current room, if any, and starts a fresh manager in `mode`. */
  reset(mode: NetworkMode): Promise<void>;
  createRoom(): Promise<{ code: string; selfId: string }>;
  joinRoom(code: string): Promise<{ selfId: string }>;
  joinTimings(): JoinTimings;
  link(peerId: string): LinkInfo | undefined;
  linkPath(peerId: string): LinkPath | undefined;
  setMode(mode: NetworkMode): void;
  /** Sequential ping/pong with `peerId` (one in flight), measured with this page's `performance.now()`. */
  ping(options: PingOptions & { expectedVia: Via }): Promise<PingResult>;
  /** `error` and `disconnected` events of every manager this page created, in order. */
  errors: string[];
}

declare global {
  interface Window {
    rallypointBench: BenchAgent;
  }
}

/**
 * Runs in the page (passed to `page.evaluate`): imports the standalone library the server serves and puts a
 * `BenchAgent` on `window`. Every page answers pings and greets joiners, so either can play either role.
 * Everything it uses must be defined inside it: Playwright sends the function's source text, not its closure.
 */
export async function installAgent(label: string): Promise<void> {
  const url = "/rallypoint/rallypoint.js";
  const lib = (await import(url)) as typeof Rallypoint;

  interface Session {
    net: GameNetworkManager;
    joinStartedAt: number | null;
    joinedAt: number | null;
    firstMessage: { at: number; via: Via } | null;
    upgradedAt: number | null;
  }
  interface Pong {
    at: number;
    t: number;
    pingVia: unknown;
    via: Via;
  }

  const errors: string[] = [];
  const waiting = new Map<number, { channel: Channel; settle: (pong: Pong) => void }>();
  let nextPingId = 0;

  const asPing = (value: unknown): { id: number; t: number; kind: unknown; via: unknown } | undefined => {
    if (typeof value !== "object" || value === null) return undefined;
    const { id, t, kind, via } = value as Record<string, unknown>;
    return typeof id === "number" && typeof t === "number" ? { id, t, kind, via } : undefined;
  };
  const settle = (channel: Channel, payload: unknown, via: Via, at: number): void => {
    const pong = asPing(payload);
    const entry = pong && waiting.get(pong.id);
    if (!pong || entry?.channel !== channel) return; // a late pong of a ping already counted as lost
    waiting.delete(pong.id);
    entry.settle({ at, t: pong.t, pingVia: pong.via, via });
  };

  const start = (mode: NetworkMode): Session => {
    const session: Session = {
      net: new lib.GameNetworkManager({ name: label, mode }),
      joinStartedAt: null,
      joinedAt: null,
      firstMessage: null,
      upgradedAt: null,
    };
    const { net } = session;
    // The host greets each joiner at once: the joiner's "time to first message".
    net.on("peer-joined", (member) => net.sendEvent("hello", null, member.id));
    net.on("event", ({ from, type, payload, via }) => {
      const at = performance.now();
      if (type === "ping") net.sendEvent("pong", { ...asPing(payload), via }, from);
      else if (type === "pong") settle("event", payload, via, at);
      else if (type === "hello") session.firstMessage ??= { at, via };
    });
    net.on("state", ({ from, payload, via }) => {
      const at = performance.now();
      const ping = asPing(payload);
      if (ping?.kind === "ping") net.sendState({ ...ping, kind: "pong", via }, from);
      else if (ping?.kind === "pong") settle("state", payload, via, at);
    });
    net.on("link-changed", (link) => {
      if (link.path === "webrtc") session.upgradedAt ??= performance.now();
    });
    net.on("error", (error) => errors.push(`${label}: error ${error.code}: ${error.message}`));
    net.on("disconnected", (reason) => errors.push(`${label}: disconnected (${reason})`));
    return session;
  };

  let session = start(lib.NetworkMode.Hybrid);
  const sinceJoin = (at: number | null): number | null =>
    at === null || session.joinStartedAt === null ? null : at - session.joinStartedAt;

  const pingOnce = (options: PingOptions): Promise<Pong | null> =>
    new Promise((resolve) => {
      const id = nextPingId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(null);
      }, options.timeoutMs);
      waiting.set(id, {
        channel: options.channel,
        settle: (pong) => {
          clearTimeout(timer);
          resolve(pong);
        },
      });
      const t = performance.now();
      if (options.channel === "event") session.net.sendEvent("ping", { id, t }, options.peerId);
      else session.net.sendState({ kind: "ping", id, t }, options.peerId);
    });

  window.rallypointBench = {
    errors,
    async reset(mode) {
      await session.net.leave().catch((error: unknown) => errors.push(`${label}: leave failed: ${String(error)}`));
      session = start(mode);
    },
    async createRoom() {
      const room = await session.net.createRoom();
      return { code: room.code, selfId: room.selfId };
    },
    async joinRoom(code) {
      session.joinStartedAt = performance.now();
      const room = await session.net.joinRoom(code);
      session.joinedAt = performance.now();
      return { selfId: room.selfId };
    },
    joinTimings: () => ({
      joinAckMs: sinceJoin(session.joinedAt),
      firstMessageMs: sinceJoin(session.firstMessage?.at ?? null),
      firstMessageVia: session.firstMessage?.via ?? null,
      upgradeMs: sinceJoin(session.upgradedAt),
    }),
    link: (peerId) => session.net.getLinks().find((link) => link.peerId === peerId),
    linkPath: (peerId) => session.net.getLinks().find((link) => link.peerId === peerId)?.path,
    setMode: (mode) => session.net.setMode(mode),
    async ping(options) {
      const result: PingResult = { rttsMs: [], lost: 0, offPath: 0 };
      for (let n = 0; n < options.warmup + options.count; n++) {
        const pong = await pingOnce(options);
        if (n < options.warmup) continue;
        if (pong === null) result.lost++;
        else if (pong.via !== options.expectedVia || pong.pingVia !== options.expectedVia) result.offPath++;
        else result.rttsMs.push(pong.at - pong.t);
      }
      return result;
    },
  };
}
