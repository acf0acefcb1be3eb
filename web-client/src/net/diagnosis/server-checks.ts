import type { TurnTransport } from "../links/webrtc-route.js";
import type { IceServerCheck, NetworkDiagnosis } from "./diagnosis-types.js";
import { parseIceUrl } from "./ice-url.js";

/** One ICE candidate as the gatherer saw it (the fields of `RTCIceCandidate` the diagnosis reads). */
export interface ObservedCandidate {
  type: string;
  /** `udp` or `tcp`: the candidate's own transport (a relay candidate's is UDP, towards the peer). */
  protocol: string;
  address: string | null;
  port: number | null;
  relatedAddress: string | null;
  relatedPort: number | null;
  relayProtocol: string | null;
}

/** What one throwaway RTCPeerConnection gathered for one URL (or, for the mapping probe, several). */
export interface ProbeObservation {
  url: string;
  candidates: ObservedCandidate[];
  /** Its `icecandidateerror` events. */
  errors: { errorCode: number; errorText: string }[];
  /** Whether gathering completed before the time limit. */
  completed: boolean;
  /** Why the browser would not probe it at all (it threw on the URL), else null. */
  setupError: string | null;
}

const TRANSPORT_WORD: Record<TurnTransport, string> = { udp: "UDP", tcp: "TCP", tls: "TLS" };

/** `ip:port`, or null for what the browser hides (0.0.0.0, port 0) or leaves out. */
export function endpointOf(address: string | null, port: number | null): string | null {
  if (!address || address === "0.0.0.0" || address === "::" || !port) return null;
  return address.includes(":") ? `[${address}]:${String(port)}` : `${address}:${String(port)}`;
}

/** A server-reflexive UDP candidate whose mapped address is another than its base: a NAT is in between. */
export const isTranslated = (candidate: ObservedCandidate): boolean =>
  candidate.type === "srflx" &&
  candidate.protocol === "udp" &&
  !(candidate.address === candidate.relatedAddress && candidate.port === candidate.relatedPort);

const isTurnTransport = (value: string | null): value is TurnTransport =>
  value === "udp" || value === "tcp" || value === "tls";

/** The error that says most: a server's own code (3xx-6xx) before the browser's 7xx (unreachable). */
function telling(errors: ProbeObservation["errors"]): ProbeObservation["errors"][number] | undefined {
  return errors.find((error) => error.errorCode >= 300 && error.errorCode < 700) ?? errors[0];
}

/**
 * What one probe says about its URL: a STUN server answers when it maps us (a srflx candidate, or none at all when
 * the mapped address is our own: the browser drops that duplicate of the host candidate, so a completed gathering
 * without error counts); a TURN server relays when a relay candidate came, is refused when it answered an error code.
 */
export function checkServer(probe: ProbeObservation, credentials: NetworkDiagnosis["credentials"]): IceServerCheck {
  const { kind, transport } = parseIceUrl(probe.url);
  const error = telling(probe.errors);
  const base = { url: probe.url, kind, transport, errorCode: null, errorText: null, mappedAddress: null };
  const where = `${kind.toUpperCase()} ${probe.url} over ${TRANSPORT_WORD[transport]}`;
  if (probe.setupError !== null) {
    return {
      ...base,
      status: "invalid",
      relayProtocol: null,
      errorText: probe.setupError,
      sentence: `${where}: the browser refused this URL (${probe.setupError}).`,
    };
  }
  if (kind === "turn") {
    const relay = probe.candidates.find((candidate) => candidate.type === "relay");
    if (relay) {
      const relayProtocol = isTurnTransport(relay.relayProtocol) ? relay.relayProtocol : null;
      const mappedAddress = endpointOf(relay.relatedAddress, relay.relatedPort);
      return { ...base, status: "relays", relayProtocol, mappedAddress, sentence: `${where}: answers and relays.` };
    }
  } else {
    const mapped = probe.candidates.find(isTranslated);
    if (mapped) {
      const mappedAddress = endpointOf(mapped.address, mapped.port);
      const seen = mappedAddress ? ` and sees this player at ${mappedAddress}` : "";
      return { ...base, status: "answers", relayProtocol: null, mappedAddress, sentence: `${where}: answers${seen}.` };
    }
  }
  const withError = {
    ...base,
    relayProtocol: null,
    errorCode: error?.errorCode ?? null,
    errorText: error?.errorText ?? null,
  };
  if (error && error.errorCode < 700) {
    const refusal = `answered ${String(error.errorCode)}${error.errorText ? ` ${error.errorText}` : ""}`;
    const meaning =
      kind === "turn" && error.errorCode === 401
        ? credentials === "none"
          ? ": it is reachable; relaying needs a member's credential, so join a room to test it"
          : ": it refused this member's credential (a wrong TURN_SECRET on the server, or an expired credential)"
        : "";
    return { ...withError, status: "refused", sentence: `${where}: ${refusal}${meaning}.` };
  }
  const hasHost = probe.candidates.some((candidate) => candidate.type === "host");
  if (kind === "stun" && !error && probe.completed && hasHost) {
    return { ...withError, status: "answers", sentence: `${where}: answers and sees this player at its own address.` };
  }
  const why = error
    ? `unreachable (${String(error.errorCode)}${error.errorText ? ` ${error.errorText}` : ""})`
    : probe.completed
      ? "no answer"
      : "no answer within the time limit";
  return { ...withError, status: "no-answer", sentence: `${where}: ${why}.` };
}
