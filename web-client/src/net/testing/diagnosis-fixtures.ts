import { diagnoseNetwork, type DiagnosisInput } from "../diagnosis/diagnose-network.js";
import type { ObservedCandidate, ProbeObservation } from "../diagnosis/server-checks.js";
export { linkInfo as link } from "./link-infos.js";

// What the NAT doctor's tests feed its classifier: plain data, each probe what one throwaway RTCPeerConnection
// gathered for one URL, the addresses those of the lab (198.18.0.0/15).

export const STUN = "stun:198.18.0.2:3478";
export const STUN_2 = "stun:198.18.0.3:3478";
export const TURN_UDP = "turn:198.18.0.2:3478?transport=udp";
export const TURN_TCP = "turn:198.18.0.2:3478?transport=tcp";
export const TURN_TLS = "turns:turn.example.test:443?transport=tcp";

export function candidate(fields: Partial<ObservedCandidate> & Pick<ObservedCandidate, "type">): ObservedCandidate {
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

export const host = (address = "198.19.1.2", port = 50_000) => candidate({ type: "host", address, port });
export const srflx = (address: string, port: number, base = { address: "198.19.1.2", port: 50_000 }) =>
  candidate({ type: "srflx", address, port, relatedAddress: base.address, relatedPort: base.port });
export const relay = (relayProtocol: string | null, related = { address: "198.18.1.1", port: 50_000 }) =>
  candidate({
    type: "relay",
    address: "198.18.0.2",
    port: 49_160,
    relatedAddress: related.address,
    relatedPort: related.port,
    relayProtocol,
  });

export function probe(url: string, fields: Partial<ProbeObservation> = {}): ProbeObservation {
  return { url, candidates: [], errors: [], completed: true, setupError: null, ...fields };
}
export const unreachable = (url: string) =>
  probe(url, { errors: [{ errorCode: 701, errorText: "STUN binding request timed out." }] });
export const silent = (url: string) => probe(url, { completed: false });
export const refused = (url: string, errorCode = 401) =>
  probe(url, { errors: [{ errorCode, errorText: "Unauthorized" }] });

/** A symmetric NAT seen through two STUN servers: a mapped port per server, from one socket. */
export const symmetricProbes = (): Pick<DiagnosisInput, "probes" | "mappingProbe"> => ({
  probes: [
    probe(STUN, { candidates: [host(), srflx("198.18.1.1", 31_000)] }),
    probe(STUN_2, { candidates: [host(), srflx("198.18.1.1", 42_000)] }),
  ],
  mappingProbe: probe(`${STUN} ${STUN_2}`, {
    candidates: [host(), srflx("198.18.1.1", 31_000), srflx("198.18.1.1", 42_000)],
  }),
});

export function diagnose(input: Partial<DiagnosisInput>) {
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
