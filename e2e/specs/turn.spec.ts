import { expect, test } from "../support/turn-fixtures.js";
import { expectExactlyOnceInOrder, seatAll } from "../support/mesh.js";
import { serverMetrics, sumSamples } from "../support/metrics.js";
import { skipUnlessIsolated } from "../support/prerequisite.js";

/** Relay-only ICE: the browsers may use TURN candidates only, so a link that opens went through coturn. */
const RELAY_ONLY = { iceTransportPolicy: "relay" } as const;

test.describe("TURN with ephemeral credentials", () => {
  skipUnlessIsolated("to run coturn in");

  test("two players restricted to TURN connect through coturn, and their links say so", async ({
    turn,
    turnPlayers,
  }) => {
    const options = { ...RELAY_ONLY, authToken: turn.authSecret };
    const seats = await seatAll([
      await turnPlayers.open(turn.server, "Ada", options),
      await turnPlayers.open(turn.server, "Bo", options),
    ]);
    const [ada, bo] = seats as [(typeof seats)[number], (typeof seats)[number]];

    for (const [viewer, other] of [
      [ada, bo],
      [bo, ada],
    ] as const) {
      await expect
        .poll(
          async () => {
            const link = await viewer.player.link(other.id);
            return link && `${link.path}/${link.state}/${String(link.webrtcRoute)}`;
          },
          { message: `${viewer.player.label} -> ${other.player.label}` },
        )
        .toBe("webrtc/webrtc/turn");
      // Both ends are relayed: each knows how it reaches coturn, over UDP or TCP (this coturn has no TLS).
      expect(await viewer.player.link(other.id)).toMatchObject({
        turnTransport: expect.stringMatching(/^(udp|tcp)$/),
        relayReason: null,
      });
    }
    // The operator's view: the pair counted once, under the TURN transports its two ends report.
    await expect
      .poll(async () => sumSamples(await serverMetrics(turn.server.url), 'peer_links{path="webrtc",route="turn-'), {
        message: "peer_links counts the pair under turn-udp / turn-tcp",
      })
      .toBe(1);

    await ada.player.sendNumbered("chat", 0, 10);
    await bo.player.sendNumbered("chat", 0, 10);
    await expectExactlyOnceInOrder(bo, ada, "chat", 10);
    await expectExactlyOnceInOrder(ada, bo, "chat", 10);
    const vias = new Set((await bo.player.receivedEvents()).map((event) => event.via));
    expect([...vias]).toEqual(["webrtc"]);
  });

  test("credentials signed with the wrong secret: the pair falls back to the relay and says why", async ({
    turn,
    turnPlayers,
  }) => {
    const options = { ...RELAY_ONLY, webrtcOpenTimeoutMs: 3_000 };
    const seats = await seatAll([
      await turnPlayers.open(turn.wrongSecretServer, "Ada", options),
      await turnPlayers.open(turn.wrongSecretServer, "Bo", options),
    ]);
    const [ada, bo] = seats as [(typeof seats)[number], (typeof seats)[number]];

    await expect
      .poll(() => ada.player.firstReached(bo.id, "failed-webrtc"), { message: "Ada gives up on WebRTC" })
      .not.toBeNull();
    const link = await ada.player.link(bo.id);
    expect(link).toMatchObject({ path: "relay", webrtcRoute: null, relayReason: "turn-refused" });
    // coturn refuses the credential with 401 on every TURN URL; the reason names it.
    expect(link?.lastFailure).toMatch(
      /^open timeout: ICE server turn:127\.0\.0\.1:\d+\?transport=(udp|tcp) answered 401/,
    );

    // The operator's view: at least Ada's half of the pair, off WebRTC because coturn refused the credential.
    await expect
      .poll(
        async () =>
          sumSamples(await serverMetrics(turn.wrongSecretServer.url), 'peer_links_off_webrtc{reason="turn-refused"}'),
        {
          message: "peer_links_off_webrtc counts the pair under turn-refused",
        },
      )
      .toBeGreaterThanOrEqual(0.5);

    await ada.player.sendNumbered("chat", 0, 5);
    await expectExactlyOnceInOrder(bo, ada, "chat", 5);
    expect(new Set((await bo.player.receivedEvents()).map((event) => event.via))).toEqual(new Set(["relay"]));
  });

  test("a server with AUTH_SHARED_SECRET refuses a player without it, as a NetworkError `unauthorized`", async ({
    turn,
    turnPlayers,
  }) => {
    const player = await turnPlayers.open(turn.server, "Mallory", { authToken: "guessed" });
    const outcome = await player.page.evaluate(async () => {
      try {
        await window.rallypoint.net.createRoom();
        return "joined";
      } catch (error) {
        const { name, code, message } = error as { name: string; code: string; message: string };
        return { name, code, message };
      }
    });
    expect(outcome).toMatchObject({ name: "NetworkError", code: "unauthorized" });
    expect(JSON.stringify(outcome)).toContain("Not authorized");
  });
});
