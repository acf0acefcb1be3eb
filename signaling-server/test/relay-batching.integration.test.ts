import { afterEach, describe, expect, it } from "vitest";
import { metricValue } from "./support/metric-value.js";
import { closeAll, connectMember, startTestServer } from "./support/test-server.js";
import { expectBurstDelivered, receiveState, sendStateBurst } from "./support/state-burst.js";

afterEach(closeAll);

const BURST = 40;

describe("state relayed in batches", () => {
  it("delivers a burst from several senders to each member exactly once, in each sender's order, partly batched", async () => {
    const server = await startTestServer();
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const cat = await connectMember(server, ada.code);
    const dan = await connectMember(server, ada.code);
    const members = [ada, bob, cat, dan];
    const receipts = members.map(receiveState);

    sendStateBurst([ada, bob, cat], BURST);

    expect(await expectBurstDelivered(members, receipts, [ada, bob, cat], BURST)).toBeGreaterThan(0);
  });

  it("with RELAY_STATE_BATCH=off, sends one relay:message each and skips none for a member that reads", async () => {
    const server = await startTestServer({ RELAY_STATE_BATCH: "off" });
    const ada = await connectMember(server);
    const bob = await connectMember(server, ada.code);
    const receipts = [ada, bob].map(receiveState);

    sendStateBurst([ada], BURST);

    // 40 messages in one turn leave 80 packets in engine.io's queue for Bob until the turn ends: not a backlog.
    expect(await expectBurstDelivered([ada, bob], receipts, [ada], BURST)).toBe(0);
    expect(await metricValue(server.url, 'relay_dropped_total{reason="recipient-busy"}')).toBe(0);
  });
});
