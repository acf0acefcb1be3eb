import type { IClient, IMessage } from "peer";
import type { Logger } from "pino";
import type { MountedPeerServer } from "../peer/peer-server.js";
import type { RedisClient } from "./redis-clients.js";
import type { RedisKeys } from "./redis-keys.js";

/**
 * Sends a PeerJS message towards its destination: to the process holding it (its id when that is us, so we deliver
 * it ourselves), or, if it may wait, into its queue when it is connected nowhere yet. KEYS: directory entry, queue.
 * ARGV: message, channel prefix, queue lifetime (ms), our process id, '1' when it may wait.
 */
const ROUTE = `
local node = redis.call('GET', KEYS[1])
if node then
  if node ~= ARGV[4] then redis.call('PUBLISH', ARGV[2] .. node, ARGV[1]) end
  return node
end
if ARGV[5] == '1' then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return false
`;

/** Makes this process the destination's, and hands back what queued for it meanwhile. KEYS: entry, queue. */
const REGISTER = `
local previous = redis.call('GET', KEYS[1]) or ''
redis.call('SET', KEYS[1], ARGV[1])
local queued = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
return { previous, queued }
`;

/** Forgets the directory entry only if it still names this process (the member may have moved on). */
const UNREGISTER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** What PeerJS routes from one client to another; everything else (HEARTBEAT) stays with PeerJS. */
const ROUTED_TYPES = new Set(["OFFER", "ANSWER", "CANDIDATE", "LEAVE", "EXPIRE"]);
/** PeerJS keeps no queue for these when the destination is away: neither do we. */
const UNQUEUED_TYPES = new Set(["LEAVE", "EXPIRE"]);
/** A type PeerJS has no handler for: the original message, once taken over, is dropped by PeerJS. */
const TAKEN_OVER = "RALLYPOINT-BRIDGED";
/** How long a message waits for a destination that is connected nowhere: PeerJS's own expire_timeout. */
const QUEUE_MS = 5_000;
/** The queue outlives its messages' wait by this much, so the sender's process finds them there to expire them. */
const QUEUE_KEY_GRACE_MS = 5_000;

/** A PeerJS message as it travels on the wire. The `peer` package exports its MessageType enum as a type only. */
interface Routed {
  type: string;
  src: string;
  dst: string;
  payload?: string;
}
type BridgeMessage = { kind: "message"; message: Routed } | { kind: "moved"; peerId: string };

/**
 * PeerJS signaling between processes. PeerJS's realm knows only the clients connected to this process; a member on
 * process A dialling a member on process B would have its OFFER queued on A for a client that never comes. So every
 * routed message goes through a directory in Redis (member id -> process id): the process holding the destination
 * gets it on its own channel and writes it into that client's socket, as PeerJS would have. PeerJS announces each
 * message (`message`) before routing it; the bridge takes the message over there by giving it a type PeerJS does
 * not route. One directory for every message keeps a member that reconnected to another process reachable at once.
 */
export class PeerBridge {
  /** Per destination: its registration, which hands back queued messages that must go out before newer ones. */
  private readonly registering = new Map<string, Promise<void>>();
  /** Per `src>dst` pair with messages waiting in a queue: those messages, expired together as PeerJS does. */
  private readonly waiting = new Map<string, { src: string; dst: string; queued: string[] }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly keys: RedisKeys,
    private readonly nodeId: string,
    private readonly peer: MountedPeerServer,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.keys.peerChannel + this.nodeId, (raw) => this.onBridgeMessage(raw));
    this.peer.events.on("message", (client, message) => this.takeOver(client, message));
    this.peer.events.on("connection", (client) => this.track("registering a PeerJS client", this.register(client)));
    this.peer.events.on("disconnect", (client) => this.track("unregistering a PeerJS client", this.unregister(client)));
  }

  private takeOver(_client: IClient, message: IMessage): void {
    if (!ROUTED_TYPES.has(message.type) || !message.dst) return;
    const routed = { type: message.type, src: message.src, dst: message.dst, payload: message.payload };
    (message as { type: string }).type = TAKEN_OVER;
    this.track("routing a PeerJS message", this.route(routed));
  }

  private async route(message: Routed): Promise<void> {
    const raw = JSON.stringify({ kind: "message", message } satisfies BridgeMessage);
    const mayWait = !UNQUEUED_TYPES.has(message.type);
    const node = await this.redis.eval(ROUTE, {
      keys: [this.keys.peerNode(message.dst), this.keys.peerQueue(message.dst)],
      arguments: [raw, this.keys.peerChannel, String(QUEUE_MS + QUEUE_KEY_GRACE_MS), this.nodeId, mayWait ? "1" : "0"],
    });
    if (node === this.nodeId) await this.deliver(message);
    else if (node === null && mayWait) this.expireLater(message.src, message.dst, raw);
  }

  /**
   * PeerJS answers the sender with EXPIRE when its messages wait for a destination longer than expire_timeout (the
   * PeerJS client then reports the peer unavailable). Queued in Redis, they are out of PeerJS's sight: the sender's
   * process takes back what is still queued once the wait is over, and answers EXPIRE itself, once per pair.
   */
  private expireLater(src: string, dst: string, raw: string): void {
    const pair = `${src}>${dst}`;
    const pending = this.waiting.get(pair);
    if (pending) {
      pending.queued.push(raw);
      return;
    }
    this.waiting.set(pair, { src, dst, queued: [raw] });
    setTimeout(() => this.track("expiring queued PeerJS messages", this.expire(pair)), QUEUE_MS).unref();
  }

  private async expire(pair: string): Promise<void> {
    const pending = this.waiting.get(pair);
    this.waiting.delete(pair);
    if (!pending) return;
    const queue = this.keys.peerQueue(pending.dst);
    const removed = await Promise.all(pending.queued.map((raw) => this.redis.lRem(queue, 1, raw)));
    if (removed.some((count) => count > 0)) {
      this.send(pending.src, { type: "EXPIRE", src: pending.dst, dst: pending.src });
    }
  }

  private async register(client: IClient): Promise<void> {
    const peerId = client.getId();
    const registered = (async () => {
      const [previous, queued] = (await this.redis.eval(REGISTER, {
        keys: [this.keys.peerNode(peerId), this.keys.peerQueue(peerId)],
        arguments: [this.nodeId],
      })) as [string, string[]];
      for (const raw of queued) this.send(peerId, (JSON.parse(raw) as { message: Routed }).message);
      // A member that moved here may still have a socket on its old process that the old process thinks alive.
      if (previous !== "" && previous !== this.nodeId) {
        const moved = JSON.stringify({ kind: "moved", peerId } satisfies BridgeMessage);
        await this.redis.publish(this.keys.peerChannel + previous, moved);
      }
    })();
    this.registering.set(peerId, registered);
    try {
      await registered;
    } finally {
      if (this.registering.get(peerId) === registered) this.registering.delete(peerId);
    }
  }

  private async unregister(client: IClient): Promise<void> {
    await this.redis.eval(UNREGISTER, { keys: [this.keys.peerNode(client.getId())], arguments: [this.nodeId] });
  }

  private onBridgeMessage(raw: string): void {
    const bridged = JSON.parse(raw) as BridgeMessage;
    if (bridged.kind === "message") {
      this.track("delivering a PeerJS message", this.deliver(bridged.message));
      return;
    }
    this.track("dropping a moved PeerJS client", this.dropIfMoved(bridged.peerId));
  }

  /** Delivers after the destination's registration here is done, so queued messages go out first. */
  private async deliver(message: Routed): Promise<void> {
    await this.registering.get(message.dst);
    this.send(message.dst, message);
  }

  private send(peerId: string, message: Routed): void {
    const socket = this.peer.socketOf(peerId);
    // Gone meanwhile: as PeerJS does for a dead socket, the message is dropped (the dialler's timeout covers it).
    if (!socket || socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify(message));
  }

  private async dropIfMoved(peerId: string): Promise<void> {
    if (!this.peer.socketOf(peerId)) return;
    if ((await this.redis.get(this.keys.peerNode(peerId))) === this.nodeId) return; // it came back here since
    this.peer.socketOf(peerId)?.terminate();
  }

  private track(doing: string, work: Promise<unknown>): void {
    work.catch((error: unknown) => this.log.error({ err: error }, `failed ${doing}`));
  }
}
