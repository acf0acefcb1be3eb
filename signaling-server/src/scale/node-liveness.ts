import type { MemberId } from "@rallypoint/protocol";
import type { SeatBindings } from "../realtime/seat-bindings.js";
import type { RedisClient } from "./redis-clients.js";
import type { RedisKeys } from "./redis-keys.js";

/**
 * Takes over the seat bindings of a process whose heartbeat expired, exactly once: the first process to remove it
 * from the set of processes moves its bindings into its own set and returns them. A claimer that dies halfway
 * leaves them in its own set, for the next one. KEYS: nodes, dead heartbeat, dead seats, own seats. ARGV: dead id.
 */
const CLAIM = `
if redis.call('EXISTS', KEYS[2]) == 1 then return {} end
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return {} end
local seats = redis.call('SMEMBERS', KEYS[3])
for _, seat in ipairs(seats) do redis.call('SADD', KEYS[4], seat) end
redis.call('DEL', KEYS[3])
return seats
`;

/** A seat bound to a socket of some process, as the bindings list it. */
export interface BoundSeat {
  code: string;
  memberId: MemberId;
  connection: string;
}

/**
 * This process's heartbeat in Redis, and the seats its sockets are bound to. A process that crashes stops beating;
 * once its heartbeat key expires, another process claims its bindings and holds those seats as if their sockets had
 * dropped, so their members get the usual grace window (and peer:reconnecting / peer:left) instead of staying
 * "connected" for ever.
 */
export class NodeLiveness implements SeatBindings {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    readonly nodeId: string,
    /** How long after its last heartbeat a process counts as dead. */
    private readonly timeoutMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(this.onError), Math.max(50, Math.floor(this.timeoutMs / 4)));
    this.timer.unref();
  }

  /**
   * Stops beating and, when Redis is reachable, drops the heartbeat at once, so the others claim whatever is still
   * bound here right away instead of when it expires.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.redis.isReady) await this.redis.del(this.keys.heartbeat(this.nodeId));
  }

  async bind(code: string, memberId: MemberId, connection: string): Promise<void> {
    await this.redis.sAdd(this.keys.seatsOf(this.nodeId), seatEntry({ code, memberId, connection }));
  }

  async unbind(code: string, memberId: MemberId, connection: string): Promise<void> {
    await this.redis.sRem(this.keys.seatsOf(this.nodeId), seatEntry({ code, memberId, connection }));
  }

  /** The seats of every process found dead, now bound here until unbind()ed. */
  async claimOrphans(): Promise<BoundSeat[]> {
    const nodes = await this.redis.sMembers(this.keys.nodes);
    const claimed: BoundSeat[] = [];
    for (const nodeId of nodes) {
      if (nodeId === this.nodeId) continue;
      const reply = (await this.redis.eval(CLAIM, {
        keys: [this.keys.nodes, this.keys.heartbeat(nodeId), this.keys.seatsOf(nodeId), this.keys.seatsOf(this.nodeId)],
        arguments: [nodeId],
      })) as string[];
      for (const entry of reply) {
        const [code, memberId, connection] = JSON.parse(entry) as [string, string, string];
        claimed.push({ code, memberId, connection });
      }
    }
    return claimed;
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.keys.heartbeat(this.nodeId), String(Date.now()), { PX: this.timeoutMs });
    await this.redis.sAdd(this.keys.nodes, this.nodeId);
  }
}

function seatEntry({ code, memberId, connection }: BoundSeat): string {
  return JSON.stringify([code, memberId, connection]);
}
