import { describe, expect, it, vi } from "vitest";
import { routeFromStats, watchSelectedRoute, type SelectedRoute } from "./webrtc-route.js";

/** A local or remote candidate as Chromium's getStats() lists it (fields beyond those read kept for realism). */
function candidate(id: string, side: "local" | "remote", candidateType: string, relayProtocol?: "udp" | "tcp" | "tls") {
  return {
    id,
    timestamp: 1_733_400_000_000,
    type: `${side}-candidate`,
    transportId: "T01",
    address: candidateType === "host" ? "10.0.0.2" : "203.0.113.7",
    port: 50_000 + id.length,
    protocol: "udp", // the peer side of the candidate: UDP even when the TURN server is reached over TCP or TLS
    candidateType,
    priority: 41_885_439,
    foundation: id,
    usernameFragment: "x3Fz",
    isRemote: side === "remote",
    ...(side === "local" ? { networkType: "ethernet", vpn: false, networkAdapterType: "ethernet" } : {}),
    ...(relayProtocol ? { relayProtocol, url: `turn${relayProtocol === "tls" ? "s" : ""}:turn.example.com:443` } : {}),
  };
}

function candidatePair(
  id: string,
  localCandidateId: string,
  remoteCandidateId: string,
  state: string,
  nominated: boolean,
) {
  return {
    id,
    timestamp: 1_733_400_000_000,
    type: "candidate-pair",
    transportId: "T01",
    localCandidateId,
    remoteCandidateId,
    state,
    priority: 179_616_219_446_525_950,
    nominated,
    writable: state === "succeeded",
    bytesSent: 4120,
    bytesReceived: 3980,
    totalRoundTripTime: 0.042,
    currentRoundTripTime: 0.021,
    requestsSent: 3,
    responsesReceived: 3,
  };
}

/**
 * A whole report of one connection, as Chromium gives it: a host pair tried and failed, the selected pair between
 * `local` and `remote`, the transport naming it, and the entries this does not read (data channels, certificates).
 */
function chromiumReport(
  local: ReturnType<typeof candidate>,
  remote: ReturnType<typeof candidate>,
  { selectedByTransport = true } = {},
) {
  return [
    { id: "P", type: "peer-connection", timestamp: 1, dataChannelsOpened: 2, dataChannelsClosed: 0 },
    {
      id: "D1",
      type: "data-channel",
      timestamp: 1,
      label: "dc_x",
      protocol: "",
      dataChannelIdentifier: 1,
      state: "open",
    },
    { id: "CF1", type: "certificate", timestamp: 1, fingerprint: "AB:CD", fingerprintAlgorithm: "sha-256" },
    candidate("I0host", "local", "host"),
    candidate("I0rhost", "remote", "host"),
    local,
    remote,
    candidatePair("CP0", "I0host", "I0rhost", "failed", false),
    candidatePair("CP1", local.id, remote.id, "succeeded", true),
    {
      id: "T01",
      timestamp: 1,
      type: "transport",
      bytesSent: 4120,
      bytesReceived: 3980,
      dtlsState: "connected",
      iceRole: "controlling",
      iceState: "connected",
      ...(selectedByTransport ? { selectedCandidatePairId: "CP1" } : {}),
    },
  ];
}

describe("routeFromStats", () => {
  it.each([
    ["host", "host", undefined, { route: "direct", turnTransport: null }],
    ["host", "srflx", undefined, { route: "direct", turnTransport: null }],
    ["srflx", "prflx", undefined, { route: "direct", turnTransport: null }],
    ["relay", "host", "udp", { route: "turn", turnTransport: "udp" }],
    ["relay", "srflx", "tcp", { route: "turn", turnTransport: "tcp" }],
    ["relay", "relay", "tls", { route: "turn", turnTransport: "tls" }],
    // Only the peer is relayed: its end knows how it reaches its TURN server, this one cannot.
    ["host", "relay", undefined, { route: "turn", turnTransport: null }],
  ] as const)("local %s, remote %s (relayProtocol %s): %j", (localType, remoteType, relayProtocol, expected) => {
    const report = chromiumReport(
      candidate("I1", "local", localType, relayProtocol),
      candidate("I1r", "remote", remoteType),
    );
    expect(routeFromStats(report)).toEqual(expected);
  });

  it("reads TURN over TLS from relayProtocol, not from the candidate's protocol (UDP on the peer side)", () => {
    const local = candidate("I1", "local", "relay", "tls");
    expect(local.protocol).toBe("udp");
    expect(routeFromStats(chromiumReport(local, candidate("I1r", "remote", "srflx")))?.turnTransport).toBe("tls");
  });

  it("says TURN without a transport when the browser gives no relayProtocol", () => {
    const report = chromiumReport(candidate("I1", "local", "relay"), candidate("I1r", "remote", "host"));
    expect(routeFromStats(report)).toEqual({ route: "turn", turnTransport: null });
  });

  it("falls back to the nominated pair that succeeded when the transport names none", () => {
    const report = chromiumReport(candidate("I1", "local", "relay", "tcp"), candidate("I1r", "remote", "relay"), {
      selectedByTransport: false,
    });
    expect(routeFromStats(report)).toEqual({ route: "turn", turnTransport: "tcp" });
  });

  it("is null while no pair is selected", () => {
    const gathering = [candidate("I1", "local", "relay", "udp"), candidate("I1r", "remote", "host")];
    expect(routeFromStats(gathering)).toBeNull();
    expect(routeFromStats([])).toBeNull();
  });

  it("follows the transport to a pair selected later, though the first pair stays nominated and succeeded", () => {
    const report = movedToRelay();
    expect(routeFromStats(report)).toEqual({ route: "turn", turnTransport: "udp" });
  });
});

/**
 * What Chromium reported in the network lab after it moved a port-restricted x symmetric pair to its relay candidate:
 * the first (direct) pair still nominated and succeeded, the transport naming the relayed one.
 */
function movedToRelay() {
  const report = chromiumReport(candidate("I1", "local", "srflx"), candidate("I1r", "remote", "srflx"));
  const transport = report.find((entry) => entry.type === "transport");
  return [
    ...report.filter((entry) => entry !== transport),
    candidate("I2", "local", "relay", "udp"),
    candidatePair("CP2", "I2", "I1r", "succeeded", true),
    { ...transport, selectedCandidatePairId: "CP2" },
  ];
}

describe("watchSelectedRoute", () => {
  /** The two parts of an RTCPeerConnection it uses: its stats, and its ICE transport's events. */
  function connection() {
    const iceTransport = new EventTarget();
    const state = { report: chromiumReport(candidate("I1", "local", "srflx"), candidate("I1r", "remote", "srflx")) };
    const getStats = vi.fn(() => Promise.resolve(new Map(state.report.map((entry) => [entry.id, entry]))));
    const peerConnection = {
      getStats,
      sctp: { transport: { iceTransport } },
    } as unknown as RTCPeerConnection;
    return { iceTransport, state, peerConnection, getStats };
  }

  it("tells the route at once and again when ICE selects another pair, until stopped", async () => {
    const { iceTransport, state, peerConnection, getStats } = connection();
    const routes: SelectedRoute[] = [];
    const stop = watchSelectedRoute(peerConnection, (route) => routes.push(route));
    await vi.waitFor(() => expect(routes).toEqual([{ route: "direct", turnTransport: null }]), { timeout: 1000 });

    state.report = movedToRelay() as typeof state.report;
    iceTransport.dispatchEvent(new Event("selectedcandidatepairchange"));
    await vi.waitFor(() => expect(routes).toHaveLength(2), { timeout: 1000 });
    expect(routes[1]).toEqual({ route: "turn", turnTransport: "udp" });

    stop();
    iceTransport.dispatchEvent(new Event("selectedcandidatepairchange"));
    expect(getStats).toHaveBeenCalledTimes(2); // the listener is gone: no reading after the link closed
  });
});
