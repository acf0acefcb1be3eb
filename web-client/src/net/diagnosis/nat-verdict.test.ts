import { describe, expect, it } from "vitest";
import {
  STUN,
  STUN_2,
  TURN_UDP,
  TURN_TCP,
  TURN_TLS,
  host,
  srflx,
  relay,
  probe,
  unreachable,
  silent,
  symmetricProbes,
  refused,
  diagnose,
} from "../testing/diagnosis-fixtures.js";

// Plain data in, verdict out: no WebRTC needed.

describe("the NAT doctor: the NAT", () => {
  it("behind a port-keeping NAT with one STUN server: a NAT, its public address, mapping honestly unknown", () => {
    const diagnosis = diagnose({
      probes: [probe(STUN, { candidates: [host(), srflx("198.18.1.1", 50_000)] })],
    });
    expect(diagnosis.servers[0]).toMatchObject({ status: "answers", mappedAddress: "198.18.1.1:50000" });
    expect(diagnosis.nat).toEqual({
      nat: "present",
      mapping: "unknown",
      filtering: "unknown",
      portPreserved: true,
      publicAddresses: ["198.18.1.1"],
    });
    expect(diagnosis.outlook).toBe("direct-likely");
    expect(diagnosis.findings.join(" ")).toMatch(/takes two STUN servers at different addresses or ports/);
  });

  it("behind a port-changing NAT: portPreserved false (the mark of a symmetric NAT, not proof of one), TURN needed", () => {
    const diagnosis = diagnose({ probes: [probe(STUN, { candidates: [host(), srflx("198.18.1.1", 61_234)] })] });
    expect(diagnosis.nat).toMatchObject({ nat: "present", mapping: "unknown", portPreserved: false });
    expect(diagnosis.outlook).toBe("needs-turn");
  });

  it("with two STUN servers and one mapped port from one socket: endpoint-independent (a cone NAT)", () => {
    const diagnosis = diagnose({
      probes: [
        probe(STUN, { candidates: [host(), srflx("198.18.1.1", 50_000)] }),
        probe(STUN_2, {
          candidates: [
            host("198.19.1.2", 50_002),
            srflx("198.18.1.1", 50_002, { address: "198.19.1.2", port: 50_002 }),
          ],
        }),
      ],
      mappingProbe: probe(`${STUN} ${STUN_2}`, { candidates: [host(), srflx("198.18.1.1", 50_000)] }),
    });
    expect(diagnosis.nat.mapping).toBe("endpoint-independent");
    expect(diagnosis.outlook).toBe("direct-likely");
  });

  it("with two STUN servers and a mapped port per server from one socket: endpoint-dependent (a symmetric NAT)", () => {
    const { probes, mappingProbe } = symmetricProbes();
    const diagnosis = diagnose({ probes: [...probes, probe(TURN_UDP, { candidates: [relay("udp")] })], mappingProbe });
    expect(diagnosis.nat).toMatchObject({ nat: "present", mapping: "endpoint-dependent", portPreserved: false });
    expect(diagnosis.outlook).toBe("needs-turn");
    expect(diagnosis.summary).toMatch(/needs a TURN server\. You are behind a symmetric NAT\.$/);
  });

  it("does not guess the mapping when two STUN URLs point at one server", () => {
    const sameServer = "stun:198.18.0.2";
    const diagnosis = diagnose({
      probes: [
        probe(STUN, { candidates: [host(), srflx("198.18.1.1", 50_000)] }),
        probe(sameServer, { candidates: [host(), srflx("198.18.1.1", 50_000)] }),
      ],
      mappingProbe: probe(`${STUN} ${sameServer}`, { candidates: [host(), srflx("198.18.1.1", 50_000)] }),
    });
    expect(diagnosis.nat.mapping).toBe("unknown");
  });

  it("does not take a base the browser hides (0.0.0.0 port 0) for a changed port", () => {
    const hidden = srflx("203.0.113.9", 50_000, { address: "0.0.0.0", port: 0 });
    expect(diagnose({ probes: [probe(STUN, { candidates: [hidden] })] }).nat).toMatchObject({
      nat: "present",
      portPreserved: null,
      publicAddresses: ["203.0.113.9"],
    });
  });

  it("without any STUN answer the NAT is unknown", () => {
    expect(
      diagnose({ probes: [unreachable(STUN), probe(TURN_UDP, { candidates: [relay("udp")] })] }).nat,
    ).toMatchObject({
      nat: "unknown",
      mapping: "unknown",
    });
  });
});

describe("the NAT doctor: UDP and the outlook", () => {
  it("UDP blocked: nothing over UDP while TURN over TCP relays, so WebRTC only through TURN", () => {
    const diagnosis = diagnose({
      probes: [unreachable(STUN), unreachable(TURN_UDP), probe(TURN_TCP, { candidates: [relay("tcp")] })],
    });
    expect(diagnosis).toMatchObject({ udp: "blocked", outlook: "turn-only" });
    expect(diagnosis.nat.filtering).toBe("blocks-udp");
    expect(diagnosis.findings).toContain("UDP: blocked, no server answered over UDP while TCP or TLS ones did.");
    expect(diagnosis.summary).toBe(
      "Your network connects to other players only through a TURN server. UDP is blocked here.",
    );
  });

  it("UDP blocked before a room: a 401 over TLS is enough to count on TURN over TLS", () => {
    const diagnosis = diagnose({
      credentials: "none",
      probes: [silent(STUN), silent(TURN_UDP), refused(TURN_TLS)],
    });
    expect(diagnosis).toMatchObject({ udp: "blocked", outlook: "turn-only" });
  });

  it("nothing answers at all: UDP counted blocked, the server's relay carries the game", () => {
    const diagnosis = diagnose({ probes: [silent(STUN), silent(TURN_UDP), silent(TURN_TCP)] });
    expect(diagnosis).toMatchObject({ udp: "blocked", outlook: "relay-only", timedOut: true });
    expect(diagnosis.findings).toContain("UDP: blocked or the servers are down, no ICE server answered at all.");
  });

  it("a refusing TURN server (wrong credential) is no way out when UDP is blocked", () => {
    const diagnosis = diagnose({ probes: [unreachable(STUN), refused(TURN_TCP)] });
    expect(diagnosis).toMatchObject({ udp: "blocked", outlook: "relay-only" });
  });

  it("a relay-only ICE policy: turn-only with a TURN server that relays, else relay-only", () => {
    const stun = probe(STUN, { candidates: [host(), srflx("198.18.1.1", 50_000)] });
    const withTurn = diagnose({
      iceTransportPolicy: "relay",
      probes: [stun, probe(TURN_UDP, { candidates: [relay("udp")] })],
    });
    expect(withTurn.outlook).toBe("turn-only");
    expect(withTurn.findings.join(" ")).toMatch(/iceTransportPolicy option allows TURN only/);
    expect(diagnose({ iceTransportPolicy: "relay", probes: [stun] }).outlook).toBe("relay-only");
  });

  it("a server without STUN or TURN: unknown, said as such", () => {
    const diagnosis = diagnose({ probes: [] });
    expect(diagnosis).toMatchObject({ udp: "unknown", outlook: "unknown", servers: [] });
    expect(diagnosis.summary).toMatch(/offers no STUN or TURN server/);
  });

  it("a symmetric NAT and no TURN server: says those pairs will use the relay", () => {
    const diagnosis = diagnose(symmetricProbes());
    expect(diagnosis.outlook).toBe("needs-turn");
    expect(diagnosis.findings.join(" ")).toMatch(/No TURN server works for this player/);
  });
});
