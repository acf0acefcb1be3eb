/**
 * The object the interpolation bench follows, and the network its snapshots cross. Positions are in metres and
 * times in ms, on one simulated clock shared by sender and receiver (clocks in sync).
 */

/** A 2-D vector in metres (position) or metres per second (velocity). */
export type Vec2 = [number, number];

export interface Packet {
  seq: number;
  /** When the sender took the snapshot. */
  sentAt: number;
  arrivesAt: number;
  position: Vec2;
  velocity: Vec2;
}

export interface NetworkConditions {
  /** One-way latency every packet has. */
  baseLatencyMs: number;
  /**
   * Mean extra delay of a packet, exponentially distributed (queueing delay: mostly small, sometimes large), so
   * its standard deviation is `jitterMs` too and a packet can arrive after the next one. 0: every packet takes
   * exactly `baseLatencyMs`.
   */
  jitterMs: number;
  /** Probability that a packet is lost, independently of the others. */
  loss: number;
}

export interface Trace {
  /** The packets that arrive, in arrival order. */
  packets: Packet[];
  sent: number;
  lost: number;
  /** Packets that arrived after one sent later than them. */
  reordered: number;
}

const RADIUS_M = 6;
const WOBBLE_M = 1;
const WOBBLE_HZ = 0.5;
/** The angular speed swings between -0.6 and 1.8 rad/s: the object slows, turns back and speeds up again. */
const MEAN_SPIN = 0.6;
const SPIN_SWING = 1.2;
const SPIN_PERIOD_S = 8;

/**
 * Where the object truly is at `timeMs`, and its velocity: around a circle with a radial wobble, at an angular speed
 * that reverses every few seconds. Smooth (no teleports) but never a straight line or a constant speed.
 */
export function pathAt(timeMs: number): { position: Vec2; velocity: Vec2 } {
  const s = timeMs / 1000;
  const w = (2 * Math.PI) / SPIN_PERIOD_S;
  const angle = MEAN_SPIN * s + (SPIN_SWING / w) * Math.sin(w * s);
  const spin = MEAN_SPIN + SPIN_SWING * Math.cos(w * s);
  const radius = RADIUS_M + WOBBLE_M * Math.sin(2 * Math.PI * WOBBLE_HZ * s);
  const radial = WOBBLE_M * 2 * Math.PI * WOBBLE_HZ * Math.cos(2 * Math.PI * WOBBLE_HZ * s);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return {
    position: [radius * cos, radius * sin],
    velocity: [radial * cos - radius * spin * sin, radial * sin + radius * spin * cos],
  };
}

/** Snapshots every `sendIntervalMs` from `startMs` to `endMs`, through `network`; `random` decides delays and losses. */
export function sendTrace(
  options: { startMs: number; endMs: number; sendIntervalMs: number; network: NetworkConditions },
  random: () => number,
): Trace {
  const { startMs, endMs, sendIntervalMs, network } = options;
  const packets: Packet[] = [];
  let sent = 0;
  for (let sentAt = startMs; sentAt <= endMs; sentAt += sendIntervalMs) {
    // Both draws happen for every packet, so a cell's delays do not depend on which packets its loss rate drops.
    const isLost = random() < network.loss;
    const arrivesAt = sentAt + network.baseLatencyMs - network.jitterMs * Math.log(1 - random());
    if (!isLost) packets.push({ seq: sent, sentAt, arrivesAt, ...pathAt(sentAt) });
    sent++;
  }
  packets.sort((a, b) => a.arrivesAt - b.arrivesAt || a.seq - b.seq);
  let newestSeq = -1;
  let reordered = 0;
  for (const packet of packets) {
    if (packet.seq < newestSeq) reordered++;
    newestSeq = Math.max(newestSeq, packet.seq);
  }
  return { packets, sent, lost: sent - packets.length, reordered };
}
