import { describe, expect, it } from "vitest";
import {
  TURN_UDP,
  TURN_TCP,
  TURN_TLS,
  host,
  relay,
  probe,
  unreachable,
  silent,
  refused,
  diagnose,
} from "../testing/diagnosis-fixtures.js";

// Plain data in, verdict out: no WebRTC needed.

describe("the NAT doctor: each STUN and TURN server", () => {
  it("on loopback: STUN answers at the player's own address (the browser drops that srflx), TURN relays over UDP and TCP", () => {
    const loop = { address: "127.0.0.1", port: 40_000 };
    const diagnosis = diagnose({
      probes: [
        probe("stun:127.0.0.1:3478", { candidates: [host("127.0.0.1", 40_000)] }),
        probe("turn:127.0.0.1:3478?transport=udp", { candidates: [relay("udp", loop)] }),
        probe("turn:127.0.0.1:3478?transport=tcp", { candidates: [relay("tcp", loop)] }),
      ],
    });
    expect(
      diagnosis.servers.map(({ kind, transport, status, relayProtocol }) => ({
        kind,
        transport,
        status,
        relayProtocol,
      })),
    ).toEqual([
      { kind: "stun", transport: "udp", status: "answers", relayProtocol: null },
      { kind: "turn", transport: "udp", status: "relays", relayProtocol: "udp" },
      { kind: "turn", transport: "tcp", status: "relays", relayProtocol: "tcp" },
    ]);
    expect(diagnosis.nat).toEqual({
      nat: "none",
      mapping: "endpoint-independent",
      filtering: "unknown",
      portPreserved: true,
      publicAddresses: [],
    });
    expect(diagnosis).toMatchObject({ udp: "works", outlook: "direct-likely", timedOut: false, pairs: [] });
    expect(diagnosis.summary).toBe("Your network should connect peer to peer with most players.");
    expect(diagnosis.findings).toContain("NAT: none, STUN servers see this player at its own address.");
    expect(diagnosis.servers[0]?.sentence).toBe(
      "STUN stun:127.0.0.1:3478 over UDP: answers and sees this player at its own address.",
    );
  });

  it("reads the transport of each URL: turns: is TLS, ?transport=tcp TCP, else UDP", () => {
    const diagnosis = diagnose({
      probes: [probe(TURN_TLS, { candidates: [relay(null)] }), probe("turn:turn.example.test"), probe(TURN_TCP)],
    });
    expect(diagnosis.servers.map((server) => server.transport)).toEqual(["tls", "udp", "tcp"]);
    // The browser did not say relayProtocol: left null rather than guessed.
    expect(diagnosis.servers[0]).toMatchObject({ status: "relays", relayProtocol: null });
  });

  it("tells a refusal (an error code from the server) from no answer (701, or nothing in time)", () => {
    const diagnosis = diagnose({ probes: [refused(TURN_UDP, 486), unreachable(TURN_TCP), silent(TURN_TLS)] });
    expect(diagnosis.servers.map(({ status, errorCode }) => ({ status, errorCode }))).toEqual([
      { status: "refused", errorCode: 486 },
      { status: "no-answer", errorCode: 701 },
      { status: "no-answer", errorCode: null },
    ]);
    expect(diagnosis.servers[1]?.sentence).toBe(
      `TURN ${TURN_TCP} over TCP: unreachable (701 STUN binding request timed out.).`,
    );
    expect(diagnosis.servers[2]?.sentence).toBe(`TURN ${TURN_TLS} over TLS: no answer within the time limit.`);
    expect(diagnosis.timedOut).toBe(true);
  });

  it("prefers the server's own code to the browser's 701 when a URL got both", () => {
    const errors = [
      { errorCode: 701, errorText: "" },
      { errorCode: 403, errorText: "Forbidden IP" },
    ];
    expect(diagnose({ probes: [probe(TURN_UDP, { errors })] }).servers[0]).toMatchObject({
      status: "refused",
      errorCode: 403,
      errorText: "Forbidden IP",
    });
  });

  it("in a room, a 401 means the member's credential was refused; before one, that the server is reachable", () => {
    const inRoom = diagnose({ probes: [refused(TURN_UDP)], credentials: "member" });
    expect(inRoom.servers[0]?.sentence).toMatch(/answered 401 Unauthorized: it refused this member's credential/);
    expect(inRoom.outlook).toBe("direct-likely");
    expect(inRoom.udp).toBe("works");

    const beforeRoom = diagnose({ probes: [refused(TURN_UDP)], credentials: "none" });
    expect(beforeRoom.servers[0]?.sentence).toMatch(/answered 401 Unauthorized: it is reachable; .*join a room/);
    expect(beforeRoom.credentials).toBe("none");
  });

  it("reports a URL the browser refused as invalid", () => {
    const diagnosis = diagnose({ probes: [probe("turn:", { setupError: "Invalid URL" })] });
    expect(diagnosis.servers[0]).toMatchObject({ status: "invalid", errorText: "Invalid URL" });
  });
});
