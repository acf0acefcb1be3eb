import { randomUUID } from "node:crypto";
import { createAdapter } from "@socket.io/redis-adapter";
import type { Logger } from "pino";
import type { RedisConfig } from "../config.js";
import type { MountedPeerServer } from "../peer/peer-server.js";
import { SeatSweeper } from "../realtime/seat-sweeper.js";
import type { RealtimeContext } from "../realtime/types.js";
import type { SharedLimitStore } from "../security/rate-limits.js";
import { NodeLiveness } from "./node-liveness.js";
import { PeerBridge } from "./peer-bridge.js";
import { RedisClients, settleWithin } from "./redis-clients.js";
import { RedisKeys } from "./redis-keys.js";
import { RedisMemberTokens } from "./redis-member-tokens.js";
import { RedisRoomStore } from "./redis-room-store.js";
import type { SeatTokens } from "../rooms/room-registry.js";
import { RedisRoomsByAddress } from "./redis-rooms-by-address.js";

/** How long listen() waits for Redis before giving up (the platform restarts the process). */
const CONNECT_TIMEOUT_MS = 10_000;
const PING_TIMEOUT_MS = 1_000;

/**
 * Everything that makes several server processes act as one, through one Redis: the Socket.IO adapter (rooms,
 * presence and relay reach sockets on every process), the room store, PeerJS tokens, shared rate limits, the
 * heartbeat with the sweep that takes over a dead process's seats and expired holds, and the PeerJS bridge.
 */
export class Cluster {
  readonly nodeId = randomUUID();
  readonly registry: RedisRoomStore;
  readonly memberTokens: RedisMemberTokens;
  readonly liveness: NodeLiveness;
  readonly sharedLimits: SharedLimitStore;
  /** For the Socket.IO server's `adapter` option. */
  readonly adapter: ReturnType<typeof createAdapter>;
  private readonly clients: RedisClients;
  private readonly keys: RedisKeys;
  private sweeper: SeatSweeper | undefined;

  constructor(
    private readonly config: RedisConfig,
    capacity: number,
    private readonly log: Logger,
    tokens: SeatTokens,
  ) {
    this.clients = new RedisClients(config.url, log);
    this.keys = new RedisKeys(config.keyPrefix);
    const { command, subscriber } = this.clients;
    this.registry = new RedisRoomStore(command, this.keys, capacity, undefined, tokens);
    this.memberTokens = new RedisMemberTokens(command, subscriber, this.keys);
    this.liveness = new NodeLiveness(command, this.keys, this.nodeId, config.nodeTimeoutMs, (error) =>
      log.error({ err: error }, "redis heartbeat failed"),
    );
    this.sharedLimits = {
      client: command,
      keyPrefix: config.keyPrefix,
      roomsByAddress: new RedisRoomsByAddress(command, this.keys),
    };
    this.adapter = closeOnlyWhenReachable(
      createAdapter(this.clients.adapterPub, this.clients.adapterSub, { key: `${config.keyPrefix}socket.io` }),
      () => this.clients.adapterSub.isReady,
    );
  }

  /** Waits for Redis, then starts the heartbeat, the sweep, token revocations and the PeerJS bridge. */
  async start(context: RealtimeContext, peer: MountedPeerServer): Promise<void> {
    await this.clients.ready(CONNECT_TIMEOUT_MS);
    await this.liveness.start();
    await this.memberTokens.start();
    const { command, subscriber } = this.clients;
    await new PeerBridge(command, subscriber, this.keys, this.nodeId, peer, this.log).start();
    const { registry, liveness } = this;
    this.sweeper = new SeatSweeper(
      context,
      {
        dueHolds: (now) => registry.dueHolds(now),
        forgetHold: (hold) => registry.forgetHold(hold),
        claimOrphans: () => liveness.claimOrphans(),
        forgetOrphan: (seat) => liveness.unbind(seat.code, seat.memberId, seat.connection),
        refresh: () => registry.refreshRoomCount(),
      },
      Math.min(1_000, Math.max(50, Math.floor(this.config.nodeTimeoutMs / 4))),
    );
    this.sweeper.start();
    this.log.info({ node: this.nodeId }, "sharing rooms through redis");
  }

  /** Rejects when Redis does not answer PING in time. */
  ping(): Promise<void> {
    return this.clients.ping(PING_TIMEOUT_MS);
  }

  /** Stops sweeping (before the sockets are dropped, so this process does not take on more work). */
  stopSweeping(): void {
    this.sweeper?.stop();
  }

  /** Stops the heartbeat (the others take over what is still bound here at once) and closes the connections. */
  async stop(): Promise<void> {
    this.sweeper?.stop();
    // Dropping the heartbeat only speeds the takeover up: it expires anyway, so a Redis gone quiet is not waited for.
    await settleWithin(this.liveness.stop(), PING_TIMEOUT_MS);
    await this.clients.close();
  }
}

/**
 * The Redis adapter unsubscribes when Socket.IO closes, dropping the promises of those commands. With Redis
 * unreachable they wait in the offline queue, and reject unhandled (which ends a Node process) once stop() destroys
 * the connection. Closing the connection ends its subscriptions anyway, so the unsubscribes are skipped then.
 */
function closeOnlyWhenReachable(
  create: ReturnType<typeof createAdapter>,
  isReachable: () => boolean,
): ReturnType<typeof createAdapter> {
  // Socket.IO calls it with `new`: a function (not an arrow) that returns the adapter it made.
  return function (namespace) {
    const adapter = create(namespace);
    const close = adapter.close.bind(adapter);
    adapter.close = () => (isReachable() ? close() : undefined);
    return adapter;
  };
}
