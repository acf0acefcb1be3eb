import { decodeFrame, encodeFrame } from "../../shared/src/index.js";
import { quantizeState } from "../../web-client/src/net/sync/state-codec.js";
import { gameSchema, gameUpdates } from "../support/game-states.js";
import { seededRandom } from "../support/random.js";
import { openRoom, type BotLink, type TargetKind } from "./bot-links.js";
import { stateFrameTime } from "./frame-time.js";
import { answerPing, now, Pinger } from "./pinger.js";
import type { ConnectResult, LoadPlan, PingResult, Progress, RoomPlan, SwarmResults } from "./swarm-protocol.js";
import { Tally } from "./tally.js";

/** Rooms opened at once: a thousand handshakes in one burst would time out on a busy machine. */
const ROOMS_AT_ONCE = 8;
const PING_TIMEOUT_MS = 2000;
/** Distinct player states the bots cycle through: quantized once, so a send costs what the web client's does. */
const STATES = 64;

interface Room {
  /** Members still connected: each message is expected by all of them but its sender. */
  live: number;
}

interface Bot {
  link: BotLink;
  room: Room;
  isLive: boolean;
  seq: number;
  eventSeq: number;
  timers: NodeJS.Timeout[];
}

/**
 * The bots of one thread: whole rooms (so every sender and its receivers share one clock), plus the ping pair on
 * the first thread. Sends state at `stateHz` and events at `eventHz` per bot, each on its own timer started at a
 * random phase, and counts what comes back.
 */
export class BotSwarm {
  private readonly bots: Bot[] = [];
  private readonly pairLinks: BotLink[] = [];
  private pinger: Pinger | undefined;
  private pingUnderLoad: Promise<PingResult> | undefined;
  private tally = new Tally();
  private readonly random = seededRandom(7);
  private readonly payloads = gameUpdates(STATES, seededRandom(1)).map(({ state }) => quantizeState(gameSchema, state));

  async connect(target: TargetKind, url: string, rooms: RoomPlan[], hasPingPair: boolean): Promise<ConnectResult> {
    const failures: string[] = [];
    const queue = [...rooms];
    const worker = async (): Promise<void> => {
      for (let plan = queue.shift(); plan; plan = queue.shift()) {
        try {
          await this.openLoadRoom(target, url, plan);
        } catch (error) {
          failures.push(`${plan.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: ROOMS_AT_ONCE }, worker));
    if (hasPingPair) await this.openPingRoom(target, url);
    return { bots: this.bots.length, failures };
  }

  async ping(count: number): Promise<PingResult> {
    if (!this.pinger) throw new Error("This thread has no ping pair");
    return this.pinger.sequence(count, PING_TIMEOUT_MS);
  }

  /** Starts every bot's timers and the paced pings; resolves at once. */
  load(plan: LoadPlan): void {
    this.tally.measure(plan.measureFrom, plan.measureUntil);
    for (const bot of this.bots) {
      this.every(bot, plan.stateHz, plan.measureUntil, () => this.sendState(bot));
      if (plan.eventHz > 0) this.every(bot, plan.eventHz, plan.measureUntil, () => this.sendEvent(bot));
    }
    this.pingUnderLoad = this.pinger?.paced(plan.measureFrom, plan.measureUntil, plan.pingEveryMs, PING_TIMEOUT_MS);
  }

  progress(): Progress {
    return { sent: this.tally.totalSent, received: this.tally.totalReceived, dropped: this.tally.totalDropped };
  }

  async result(): Promise<SwarmResults["tally"]> {
    return { tally: this.tally.toJSON(), pingUnderLoad: (await this.pingUnderLoad) ?? { rttsMs: [], lost: 0 } };
  }

  close(): void {
    for (const bot of this.bots) {
      bot.timers.forEach(clearTimeout);
      bot.link.close();
    }
    for (const link of this.pairLinks) link.close();
    this.bots.length = 0;
    this.pairLinks.length = 0;
    // The thread drives the next server with fresh counters.
    this.tally = new Tally();
    this.pinger = undefined;
    this.pingUnderLoad = undefined;
  }

  private async openLoadRoom(target: TargetKind, url: string, plan: RoomPlan): Promise<void> {
    const room: Room = { live: 0 };
    const seats = Array.from({ length: plan.size }, () => ({ bot: undefined as Bot | undefined }));
    const handlers = seats.map((seat) => ({
      onFrame: (bytes: Uint8Array) => this.receive(bytes),
      onDropped: (reason: string) => {
        if (seat.bot?.isLive) {
          seat.bot.isLive = false;
          seat.bot.timers.forEach(clearTimeout);
          room.live--;
        }
        this.tally.recordDropped(reason);
      },
    }));
    const links = await openRoom(target, url, plan.name, handlers);
    links.forEach((link, index) => {
      const bot: Bot = { link, room, isLive: true, seq: 12_000, eventSeq: 0, timers: [] };
      const seat = seats[index];
      if (seat) seat.bot = bot;
      this.bots.push(bot);
      room.live++;
    });
  }

  private async openPingRoom(target: TargetKind, url: string): Promise<void> {
    // Filled in once the room is open: frames may arrive before, and find nothing to do.
    const pair: { pinger?: Pinger; responder?: BotLink } = {};
    const ignoreDrop = (): void => undefined;
    const links = await openRoom(target, url, "ping-pair", [
      { onFrame: (bytes) => pair.pinger?.receive(bytes), onDropped: ignoreDrop },
      { onFrame: (bytes) => answerPing(bytes, (pong) => pair.responder?.send("event", pong)), onDropped: ignoreDrop },
    ]);
    const [first, second] = links;
    if (!first || !second) throw new Error("The ping pair did not open");
    this.pairLinks.push(first, second);
    pair.responder = second;
    pair.pinger = new Pinger((bytes) => first.send("event", bytes));
    this.pinger = pair.pinger;
  }

  /** Runs `send` `hz` times a second from a random phase until `until`, as a game loop's timer would. */
  private every(bot: Bot, hz: number, until: number, send: () => void): void {
    const period = 1000 / hz;
    const tick = (): void => {
      if (!bot.isLive || now() >= until) {
        bot.timers.forEach(clearTimeout);
        return;
      }
      send();
    };
    const start = setTimeout(() => {
      tick();
      bot.timers.push(setInterval(tick, period));
    }, this.random() * period);
    bot.timers.push(start);
  }

  private sendState(bot: Bot): void {
    const time = now();
    const seq = ++bot.seq;
    bot.link.send("state", encodeFrame({ type: "state", seq, time, payload: this.payloads[seq % STATES] }));
    this.tally.recordSent("state", time, bot.room.live - 1);
  }

  private sendEvent(bot: Bot): void {
    const time = now();
    const payload = { t: time, kind: "hit", target: bot.eventSeq % 8, damage: 12 };
    bot.link.send("event", encodeFrame({ type: "event", seq: ++bot.eventSeq, name: "hit", payload }));
    this.tally.recordSent("event", time, bot.room.live - 1);
  }

  private receive(bytes: Uint8Array): void {
    const receivedAt = now();
    const stateTime = stateFrameTime(bytes);
    if (stateTime !== undefined) {
      this.tally.recordReceived("state", stateTime, receivedAt);
      return;
    }
    const frame = decodeFrame(bytes);
    const payload: unknown = frame?.type === "event" ? frame.payload : undefined;
    const sentAt = typeof payload === "object" && payload !== null ? (payload as { t?: unknown }).t : undefined;
    if (typeof sentAt === "number") this.tally.recordReceived("event", sentAt, receivedAt);
    else this.tally.recordUnreadable();
  }
}
