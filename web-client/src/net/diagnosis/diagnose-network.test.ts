import { describe, expect, it } from "vitest";
import type { LinkInfo } from "../links/link-info.js";
import { emptyLinkStats } from "../links/link-info.js";
import { diagnoseNetwork, type DiagnosisInput } from "./diagnose-network.js";
import type { ObservedCandidate, ProbeObservation } from "./server-checks.js";

// Plain data in, verdict out: each probe is what one throwaway RTCPeerConnection gathered for one URL.

const STUN = "stun:198.18.0.2:3478";
const STUN_2 = "stun:198.18.0.3:3478";
const TURN_UDP = "turn:198.18.0.2:3478?transport=udp";
const TURN_TCP = "turn:198.18.0.2:3478?transport=tcp";
const TURN_TLS = "turns:turn.example.test:443?transport=tcp";

function candidate(fields: Partial<ObservedCandidate> & Pick<ObservedCandidate, "type">): ObservedCandidate {
  return {
    protocol: "udp",
    address: null,
    port: null,
    relatedAddress: null,
    relatedPort: null,
    relayProtocol: null,
    ...fields,
  };
}

const host = (address = "198.19.1.2", port = 50_000) => candidate({ type: "host", address, port });
const srflx = (address: string, port: number, base = { address: "198.19.1.2", port: 50_000 }) =>
  candidate({ type: "srflx", address, port, relatedAddress: base.address, relatedPort: base.port });
const relay = (relayProtocol: string | null, related = { address: "198.18.1.1", port: 50_000 }) =>
  candidate({
    type: "relay",
    address: "198.18.0.2",
    port: 49_160,
    relatedAddress: related.address,
    relatedPort: related.port,
    relayProtocol,
  });

function probe(url: string, fields: Partial<ProbeObservation> = {}): ProbeObservation {
  return { url, candidates: [], errors: [], completed: true, setupError: null, ...fields };
}
const unreachable = (url: string) =>
  probe(url, { errors: [{ errorCode: 701, errorText: "STUN binding request timed out." }] });
const silent = (url: string) => probe(url, { completed: false });
const refused = (url: string, errorCode = 401) => probe(url, { errors: [{ errorCode, errorText: "Unauthorized" }] });

function diagnose(input: Partial<DiagnosisInput>) {
  return diagnoseNetwork({
    probes: [],
    mappingProbe: null,
    credentials: "member",
    iceTransportPolicy: "all",
    links: [],
    startedAt: 1_000,
    durationMs: 120,
    ...input,
  });
}

function link(fields: Partial<LinkInfo> & Pick<LinkInfo, "peerId">): LinkInfo {
  return {
    path: "relay",
    state: "failed-webrtc",
    rttMs: null,
    lastSwitchAt: null,
    webrtcRoute: null,
    turnTransport: null,
    lastFailure: null,
    relayReason: null,
    pendingEvents: 0,
    stats: emptyLinkStats(),
    ...fields,
  };
}

describe("diagnoseNetwork: the servers", () => {
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

describe("diagnoseNetwork: the NAT", () => {
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

  it("behind a port-changing NAT: portPreserved false (the mark of a symmetric NAT, not proof of one)", () => {
    const diagnosis = diagnose({ probes: [probe(STUN, { candidates: [host(), srflx("198.18.1.1", 61_234)] })] });
    expect(diagnosis.nat).toMatchObject({ nat: "present", mapping: "unknown", portPreserved: false });
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
    const diagnosis = diagnose({
      probes: [
        probe(STUN, { candidates: [host(), srflx("198.18.1.1", 31_000)] }),
        probe(STUN_2, { candidates: [host(), srflx("198.18.1.1", 42_000)] }),
        probe(TURN_UDP, { candidates: [relay("udp")] }),
      ],
      mappingProbe: probe(`${STUN} ${STUN_2}`, {
        candidates: [host(), srflx("198.18.1.1", 31_000), srflx("198.18.1.1", 42_000)],
      }),
    });
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

describe("diagnoseNetwork: UDP and the outlook", () => {
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
    const diagnosis = diagnose({
      probes: [
        probe(STUN, { candidates: [host(), srflx("198.18.1.1", 31_000)] }),
        probe(STUN_2, { candidates: [host(), srflx("198.18.1.1", 42_000)] }),
      ],
      mappingProbe: probe(`${STUN} ${STUN_2}`, {
        candidates: [srflx("198.18.1.1", 31_000), srflx("198.18.1.1", 42_000)],
      }),
    });
    expect(diagnosis.outlook).toBe("needs-turn");
    expect(diagnosis.findings.join(" ")).toMatch(/No TURN server works for this player/);
  });
});

describe("diagnoseNetwork: the pairs", () => {
  const stunOnly = [probe(STUN, { candidates: [host(), srflx("198.18.1.1", 50_000)] })];

  it("leaves out direct pairs, explains TURN ones with their transport", () => {
    const diagnosis = diagnose({
      probes: stunOnly,
      links: [
        link({ peerId: "direct", path: "webrtc", state: "webrtc", webrtcRoute: "direct" }),
        link({ peerId: "via-turn", path: "webrtc", state: "webrtc", webrtcRoute: "turn", turnTransport: "tcp" }),
        link({ peerId: "their-turn", path: "webrtc", state: "webrtc", webrtcRoute: "turn" }),
      ],
    });
    expect(diagnosis.pairs.map((pair) => pair.sentence)).toEqual([
      "via-turn: on WebRTC through a TURN server over TCP.",
      "their-turn: on WebRTC through a TURN server (on the other player's side).",
    ]);
  });

  it("a mode setting is the reason, whatever the network", () => {
    const [pair] = diagnose({
      probes: [silent(STUN)],
      links: [link({ peerId: "p1", state: "relay", relayReason: "signaling-only" })],
    }).pairs;
    expect(pair).toMatchObject({ relayReason: "signaling-only", likelyCause: null });
    expect(pair?.sentence).toBe(
      "p1: on the server's relay because the mode is SIGNALING_ONLY, so WebRTC is not attempted.",
    );
  });

  it("a TURN refusal gives its code, read from the link's last failure", () => {
    const lastFailure = `open timeout: ICE server ${TURN_UDP} answered 401 Unauthorized`;
    const [pair] = diagnose({
      probes: [...stunOnly, refused(TURN_UDP)],
      links: [link({ peerId: "p1", relayReason: "turn-refused", lastFailure })],
    }).pairs;
    expect(pair).toMatchObject({ turnErrorCode: 401, likelyCause: "no-turn" });
    expect(pair?.sentence).toMatch(
      /^p1: on the server's relay because a TURN server refused with 401; likely because no TURN server works/,
    );
  });

  it("ICE failure with UDP blocked here: the cause is named", () => {
    const [pair] = diagnose({
      probes: [unreachable(STUN), probe(TURN_TCP, { candidates: [relay("tcp")] })],
      links: [link({ peerId: "p1", relayReason: "ice-failed", lastFailure: "connection failed" })],
    }).pairs;
    expect(pair).toMatchObject({ likelyCause: "udp-blocked", turnErrorCode: null });
    expect(pair?.sentence).toBe(
      "p1: on the server's relay because ICE found no path that works between the two players; likely because this player's network blocks UDP.",
    );
  });

  it("a timeout behind a symmetric NAT with TURN: the NAT is named; with an open network nothing is blamed here", () => {
    const symmetric = diagnose({
      probes: [
        probe(STUN, { candidates: [host(), srflx("198.18.1.1", 31_000)] }),
        probe(STUN_2, { candidates: [host(), srflx("198.18.1.1", 42_000)] }),
        probe(TURN_UDP, { candidates: [relay("udp")] }),
      ],
      mappingProbe: probe(`${STUN} ${STUN_2}`, {
        candidates: [srflx("198.18.1.1", 31_000), srflx("198.18.1.1", 42_000)],
      }),
      links: [link({ peerId: "p1", relayReason: "timeout" })],
    });
    expect(symmetric.pairs[0]?.likelyCause).toBe("symmetric-nat");
    const open = diagnose({
      probes: [...stunOnly, probe(TURN_UDP, { candidates: [relay("udp")] })],
      links: [link({ peerId: "p1", relayReason: "timeout" })],
    });
    expect(open.pairs[0]?.likelyCause).toBeNull();
  });

  it("WEBRTC_ONLY without a channel: not connected, and still explained", () => {
    const [pair] = diagnose({
      probes: stunOnly,
      links: [link({ peerId: "p1", path: "none", state: "unreachable", relayReason: "connection-lost" })],
    }).pairs;
    expect(pair?.sentence).toBe(
      "p1: not connected (WEBRTC_ONLY) because a data channel that worked closed or went silent.",
    );
  });

  it("lists the pairs' sentences among the findings, after the verdicts", () => {
    const diagnosis = diagnose({
      probes: stunOnly,
      links: [link({ peerId: "p1", relayReason: "connecting", state: "upgrading" })],
    });
    expect(diagnosis.findings.at(-1)).toBe(
      "p1: on the server's relay because its first WebRTC attempt is still running.",
    );
  });
});
