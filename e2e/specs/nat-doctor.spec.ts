import type { NetworkDiagnosis } from "@rallypoint/client";
import { expect, test } from "../support/turn-fixtures.js";
import { seatAll } from "../support/mesh.js";
import { skipUnlessIsolated } from "../support/prerequisite.js";

/** The parts of each server check that a loopback setup decides, in the configuration's order. */
const checksOf = (diagnosis: NetworkDiagnosis) =>
  diagnosis.servers.map(({ kind, transport, status, errorCode }) => ({ kind, transport, status, errorCode }));

test.describe("the NAT doctor (net.diagnose) against coturn on loopback", () => {
  skipUnlessIsolated("to run coturn in");

  test("in a room: STUN answers over UDP, TURN relays over UDP and TCP, no NAT, direct likely", async ({
    stunAndTurn,
    turnPlayers,
  }) => {
    const ada = await turnPlayers.open(stunAndTurn, "Ada");
    await ada.createRoom();

    const diagnosis = await ada.diagnose();

    expect(checksOf(diagnosis)).toEqual([
      { kind: "stun", transport: "udp", status: "answers", errorCode: null },
      { kind: "turn", transport: "udp", status: "relays", errorCode: null },
      { kind: "turn", transport: "tcp", status: "relays", errorCode: null },
    ]);
    // Chromium says how it reached coturn for each relay candidate.
    expect(diagnosis.servers.slice(1).map((server) => server.relayProtocol)).toEqual(["udp", "tcp"]);
    // On loopback STUN sees the player's own address: the honest verdict is "no NAT", hence one mapping for all.
    expect(diagnosis.nat).toEqual({
      nat: "none",
      mapping: "endpoint-independent",
      filtering: "unknown",
      portPreserved: true,
      publicAddresses: [],
    });
    expect(diagnosis).toMatchObject({
      credentials: "member",
      udp: "works",
      outlook: "direct-likely",
      timedOut: false,
      pairs: [],
      summary: "Your network should connect peer to peer with most players.",
    });
    expect(diagnosis.findings).toContain("UDP: gets out to the ICE servers.");
    expect(diagnosis.durationMs).toBeLessThanOrEqual(5_000);
  });

  test("before a room: the same servers, TURN probed without a credential answers 401 (reachable)", async ({
    stunAndTurn,
    turnPlayers,
  }) => {
    const bo = await turnPlayers.open(stunAndTurn, "Bo");

    const diagnosis = await bo.diagnose();

    expect(checksOf(diagnosis)).toEqual([
      { kind: "stun", transport: "udp", status: "answers", errorCode: null },
      { kind: "turn", transport: "udp", status: "refused", errorCode: 401 },
      { kind: "turn", transport: "tcp", status: "refused", errorCode: 401 },
    ]);
    expect(diagnosis.servers[1]?.sentence).toMatch(/it is reachable; relaying needs a member's credential/);
    expect(diagnosis).toMatchObject({ credentials: "none", udp: "works", outlook: "direct-likely", pairs: [] });
  });

  test("a server whose TURN secret is wrong: the doctor names coturn's 401 for this member", async ({
    turn,
    turnPlayers,
  }) => {
    const cy = await turnPlayers.open(turn.wrongSecretServer, "Cy");
    await cy.createRoom();

    const diagnosis = await cy.diagnose();

    expect(checksOf(diagnosis)).toEqual([
      { kind: "turn", transport: "udp", status: "refused", errorCode: 401 },
      { kind: "turn", transport: "tcp", status: "refused", errorCode: 401 },
    ]);
    expect(diagnosis.servers[0]?.sentence).toMatch(/refused this member's credential/);
    // No STUN server is offered: the NAT is unknown, and said so.
    expect(diagnosis.nat.nat).toBe("unknown");
    expect(diagnosis.findings).toContain("NAT: unknown, no STUN server answered.");
  });

  test("a pair on the relay by mode: the doctor says the mode is why", async ({ stunAndTurn, turnPlayers }) => {
    const options = { mode: "SIGNALING_ONLY" } as const;
    const [ada, bo] = await seatAll([
      await turnPlayers.open(stunAndTurn, "Ada", options),
      await turnPlayers.open(stunAndTurn, "Bo", options),
    ]);
    if (!ada || !bo) throw new Error("two seats expected");
    await expect.poll(async () => (await ada.player.link(bo.id))?.relayReason).toBe("signaling-only");

    const diagnosis = await ada.player.diagnose();

    expect(diagnosis.pairs).toEqual([
      expect.objectContaining({ peerId: bo.id, path: "relay", relayReason: "signaling-only", likelyCause: null }),
    ]);
    expect(diagnosis.findings).toContain(
      `${bo.id}: on the server's relay because the mode is SIGNALING_ONLY, so WebRTC is not attempted.`,
    );
  });
});
