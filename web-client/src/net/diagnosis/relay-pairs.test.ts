import { describe, expect, it } from "vitest";
import {
  STUN,
  TURN_UDP,
  TURN_TCP,
  host,
  srflx,
  symmetricProbes,
  relay,
  probe,
  unreachable,
  silent,
  refused,
  diagnose,
  link,
} from "../testing/diagnosis-fixtures.js";

// Plain data in, verdict out: no WebRTC needed.

describe("the NAT doctor: the pairs not peer to peer", () => {
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
    const { probes, mappingProbe } = symmetricProbes();
    const symmetric = diagnose({
      probes: [...probes, probe(TURN_UDP, { candidates: [relay("udp")] })],
      mappingProbe,
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
