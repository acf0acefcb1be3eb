import { dropAllUdp } from "../../support/firewall.js";
import { seatAll, type Seat } from "../../support/mesh.js";
import { skipUnlessIsolated } from "../../support/prerequisite.js";
import { expect, test } from "../../support/turn-fixtures.js";

// UDP dropped in the whole namespace (a network that lets out TCP only): this project runs alone, one at a time.
test.describe.configure({ mode: "serial" });

test.describe("the NAT doctor on a network that blocks UDP", () => {
  skipUnlessIsolated("to run coturn and change its firewall in");

  test("nothing answers over UDP, TURN over TCP relays: UDP blocked, WebRTC only through TURN", async ({
    stunAndTurn,
    turnPlayers,
  }) => {
    const ada = await turnPlayers.open(stunAndTurn, "Ada");
    await ada.createRoom();
    const liftDrop = dropAllUdp();
    try {
      const diagnosis = await ada.diagnose({ timeoutMs: 5_000 });

      expect(diagnosis.servers.map(({ kind, transport, status }) => ({ kind, transport, status }))).toEqual([
        { kind: "stun", transport: "udp", status: "no-answer" },
        { kind: "turn", transport: "udp", status: "no-answer" },
        { kind: "turn", transport: "tcp", status: "relays" },
      ]);
      expect(diagnosis).toMatchObject({ udp: "blocked", outlook: "turn-only", timedOut: true });
      expect(diagnosis.nat).toMatchObject({ nat: "unknown", filtering: "blocks-udp" });
      expect(diagnosis.summary).toBe(
        "Your network connects to other players only through a TURN server. UDP is blocked here.",
      );
      expect(diagnosis.findings).toContain("UDP: blocked, no server answered over UDP while TCP or TLS ones did.");
    } finally {
      liftDrop();
    }
  });

  test("a pair that fails WebRTC there: the doctor names the TURN refusal and UDP blocked as the likely cause", async ({
    turn,
    turnPlayers,
  }) => {
    // coturn refuses this server's credentials, and UDP is dropped: no path but the relay.
    const options = { webrtcOpenTimeoutMs: 3_000 };
    const liftDrop = dropAllUdp();
    try {
      const seats = await seatAll([
        await turnPlayers.open(turn.wrongSecretServer, "Ada", options),
        await turnPlayers.open(turn.wrongSecretServer, "Bo", options),
      ]);
      const [ada, bo] = seats as [Seat, Seat];
      await expect
        .poll(() => ada.player.firstReached(bo.id, "failed-webrtc"), { message: "Ada gives up on WebRTC" })
        .not.toBeNull();

      const diagnosis = await ada.player.diagnose();

      expect(diagnosis.udp).toBe("blocked");
      const [pair] = diagnosis.pairs;
      expect(pair).toMatchObject({ peerId: bo.id, path: "relay", likelyCause: "udp-blocked" });
      // Which reason the link recorded depends on which came first (coturn's 401 over TCP, or the open timeout).
      expect(["turn-refused", "timeout", "ice-failed"]).toContain(pair?.relayReason);
      expect(pair?.sentence).toMatch(/; likely because this player's network blocks UDP\.$/);
    } finally {
      liftDrop();
    }
  });
});
