import { describe, expect, it } from "vitest";
import { trio, type Player } from "../testing/martini-players.js";

describe("MartiniTransport and the host role", () => {
  it("knows who it is and follows the host role when the host leaves", () => {
    const { room, alice, bob, carol } = trio();
    expect([alice, bob, carol].map(({ transport }) => transport.getPlayerId())).toEqual(["alice", "bob", "carol"]);
    expect([alice, bob, carol].map(({ transport }) => transport.isHost())).toEqual([true, false, false]);
    room.leave("alice");
    expect([alice, bob, carol].map(({ transport }) => transport.isHost())).toEqual([false, true, false]);
    expect(alice.transport.getPlayerId()).toBe("alice");
  });

  it("tells the game of a host change in martini's words, and answers host_query from the room", () => {
    const { room, bob, carol } = trio();
    bob.transport.send({ type: "host_query" });
    expect(bob.inbox).toEqual([[{ type: "host_announce", hostId: "alice" }, "alice"]]);
    room.leave("alice");
    const migration = { type: "host_migration", newHost: "bob", previousHost: "alice" };
    for (const player of [bob, carol]) {
      const [message, from] = player.inbox.at(-1) ?? [];
      expect(message).toMatchObject(migration);
      expect(message?.timestamp).toBeTypeOf("number");
      expect(from).toBe("bob");
    }
    expect(carol.inbox).toHaveLength(1);
    bob.transport.send({ type: "host_announce", hostId: "bob" });
    bob.transport.send({ type: "host_migration", newHost: "bob" });
    expect(bob.network.sent).toEqual([]);
  });

  it("takes state_sync only from the host, holding a new host's until the server names it", () => {
    const { room, alice, bob, carol } = trio();
    const states = (player: Player) => player.inbox.filter(([message]) => message.type === "state_sync");
    bob.transport.send({ type: "state_sync", payload: { patches: [{ op: "replace", path: ["n"], value: 9 }] } });
    expect(states(carol)).toEqual([]);
    // bob's full state and a diff overtake the server's word that bob now hosts; alice's diff after that is stale.
    bob.transport.send({ type: "state_sync", payload: { fullState: { n: 1 } } });
    bob.transport.send({ type: "state_sync", payload: { patches: [{ op: "replace", path: ["n"], value: 2 }] } });
    expect(states(carol)).toEqual([]);
    room.handOver("bob");
    alice.transport.send({ type: "state_sync", payload: { patches: [{ op: "replace", path: ["n"], value: 0 }] } });
    expect(carol.inbox.map(([message, from]) => [message.type, message.payload, from])).toEqual([
      ["host_migration", undefined, "bob"],
      ["state_sync", { fullState: { n: 1 } }, "bob"],
      ["state_sync", { patches: [{ op: "replace", path: ["n"], value: 2 }] }, "bob"],
    ]);
    expect(carol.transport.metrics.getMessageStats()).toMatchObject({ received: 4, errors: 0 });
  });
});
