import { expect } from "vitest";
import { decodeRelayBatch } from "@rallypoint/protocol";
import type { TestMember } from "./test-server.js";
import { withTimeout } from "./test-server.js";

/** Every relayed state message one member got, as `[sender id, sequence number]`, and how many came in batches. */
export interface StateReceipts {
  received: [string, number][];
  batches: number;
  /** Resolves once `count` messages have arrived; rejects after the usual wait. */
  untilCount(count: number): Promise<void>;
}

/** Collects a member's relayed state from `relay:message` and `relay:batch` alike, its own dropped as clients do. */
export function receiveState(member: TestMember): StateReceipts {
  const waiters = new Set<() => void>();
  const receipts: StateReceipts = {
    received: [],
    batches: 0,
    untilCount: (count) =>
      withTimeout(
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (receipts.received.length < count) return;
            waiters.delete(check);
            resolve();
          };
          waiters.add(check);
          check();
        }),
        `waiting for ${count} state messages at ${member.id} (got ${receipts.received.length})`,
      ),
  };
  const take = (from: string, data: unknown): void => {
    if (from === member.id || !(data instanceof Uint8Array)) return;
    receipts.received.push([from, data[0] ?? -1]);
    for (const waiter of [...waiters]) waiter();
  };
  member.client.on("relay:message", ({ from, channel, data }) => {
    if (channel === "state") take(from, data);
  });
  member.client.on("relay:batch", (batch) => {
    receipts.batches++;
    for (const { from, data } of decodeRelayBatch(batch) ?? []) take(from, data);
  });
  return receipts;
}

/** Each sender emits `count` state messages to its room at once, without acks, as the web client does. */
export function sendStateBurst(senders: readonly TestMember[], count: number): void {
  for (let n = 0; n < count; n++) {
    for (const sender of senders)
      sender.client.emit("relay:send", { to: null, channel: "state", data: Buffer.from([n]) });
  }
}

/** The sequence numbers `member` got from `from`, in the order they arrived. */
export function sequenceFrom(receipts: StateReceipts, from: string): number[] {
  return receipts.received.filter(([sender]) => sender === from).map(([, n]) => n);
}

/**
 * Waits until every member has the burst of `count` from every other sender, then checks that each got each message
 * exactly once and in its sender's order. Resolves with how many relay:batch messages the members got in all.
 */
export async function expectBurstDelivered(
  members: readonly TestMember[],
  receipts: readonly StateReceipts[],
  senders: readonly TestMember[],
  count: number,
): Promise<number> {
  const inOrder = Array.from({ length: count }, (_, n) => n);
  let batches = 0;
  for (const [index, member] of members.entries()) {
    const got = receipts[index];
    if (!got) throw new Error(`no receipts for member ${index}`);
    await got.untilCount(senders.filter((sender) => sender !== member).length * count);
    for (const sender of senders) expect(sequenceFrom(got, sender.id)).toEqual(sender === member ? [] : inOrder);
    batches += got.batches;
  }
  return batches;
}
