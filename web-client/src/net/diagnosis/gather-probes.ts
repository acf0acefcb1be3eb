import type { IceServer } from "@rallypoint/protocol";
import { iceUrlsOf, parseIceUrl } from "./ice-url.js";
import type { ObservedCandidate, ProbeObservation } from "./server-checks.js";

/**
 * Before a room the server hands out TURN URLs without credentials, and a browser will not take a `turn:` URL
 * without one. Any stands in: the server answers it with 401, which is what shows it is reachable.
 */
const PROBE_CREDENTIAL = { username: "rallypoint-diagnosis", credential: "none" } as const;

/** At most this many URLs are probed (a connection each, all at once); real configurations list a handful. */
export const MAX_PROBED_URLS = 16;

/** The fields read from RTCIceCandidate; `relayProtocol` is newer than some TypeScript DOM typings. */
type CandidateFields = Pick<
  RTCIceCandidate,
  "type" | "protocol" | "address" | "port" | "relatedAddress" | "relatedPort"
> & {
  relayProtocol?: string | null;
};

function observe(candidate: CandidateFields): ObservedCandidate {
  return {
    type: candidate.type ?? "unknown",
    protocol: candidate.protocol ?? "udp",
    address: candidate.address ?? null,
    port: candidate.port ?? null,
    relatedAddress: candidate.relatedAddress ?? null,
    relatedPort: candidate.relatedPort ?? null,
    relayProtocol: candidate.relayProtocol ?? null,
  };
}

/** The fields of an RTCStatsReport's `local-candidate` entries read here. */
interface LocalCandidateStats {
  type: string;
  candidateType?: string;
  address?: string;
  port?: number;
  relayProtocol?: string;
}

/**
 * Chromium leaves `relayProtocol` null on a UDP relay candidate (measured on 156; it gives `tcp`) while its stats
 * say `udp`: the stats fill in what the candidate left out.
 */
async function fillRelayProtocols(connection: RTCPeerConnection, candidates: ObservedCandidate[]): Promise<void> {
  const unsaid = candidates.filter((candidate) => candidate.type === "relay" && candidate.relayProtocol === null);
  if (unsaid.length === 0) return;
  try {
    for (const stats of (await connection.getStats()).values() as Iterable<LocalCandidateStats>) {
      if (stats.type !== "local-candidate" || stats.candidateType !== "relay" || !stats.relayProtocol) continue;
      for (const candidate of unsaid) {
        if (candidate.address === stats.address && candidate.port === stats.port) {
          candidate.relayProtocol = stats.relayProtocol;
        }
      }
    }
  } catch {
    // Without stats the protocol stays unsaid, as the candidate left it.
  }
}

/**
 * Gathers the candidates of one throwaway RTCPeerConnection with the given ICE server, until gathering completes or
 * `stop` aborts; the connection is closed either way. Nothing is ever sent to a peer: no remote description is set.
 */
export async function gatherOnce(
  url: string,
  server: RTCIceServer,
  iceTransportPolicy: RTCIceTransportPolicy,
  stop: AbortSignal,
): Promise<ProbeObservation> {
  const observation: ProbeObservation = { url, candidates: [], errors: [], completed: false, setupError: null };
  let connection: RTCPeerConnection;
  try {
    connection = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy });
  } catch (error) {
    return { ...observation, completed: true, setupError: error instanceof Error ? error.message : String(error) };
  }
  try {
    const done = new Promise<boolean>((resolve) => {
      connection.onicecandidate = ({ candidate }) => {
        if (candidate === null) resolve(true);
        else if (candidate.candidate !== "") observation.candidates.push(observe(candidate));
      };
      connection.onicegatheringstatechange = () => {
        if (connection.iceGatheringState === "complete") resolve(true);
      };
      connection.onicecandidateerror = ({ errorCode, errorText }) => {
        observation.errors.push({ errorCode, errorText });
      };
      if (stop.aborted) resolve(false);
      stop.addEventListener("abort", () => resolve(false), { once: true });
    });
    // A data channel gives the offer something to gather candidates for.
    connection.createDataChannel("diagnosis");
    await connection.setLocalDescription(await connection.createOffer());
    observation.completed = await done;
    await fillRelayProtocols(connection, observation.candidates);
    return observation;
  } catch (error) {
    return { ...observation, setupError: error instanceof Error ? error.message : String(error) };
  } finally {
    connection.close();
  }
}

/**
 * Probes every URL of the ICE servers on its own connection (TURN with a relay-only policy, so that only its relay
 * candidate counts), and, with two STUN URLs or more, all STUN URLs from one connection, whose one local socket
 * shows whether the NAT maps it to one public port or one per destination. All at once, all ended by `stop`; the
 * first MAX_PROBED_URLS URLs only.
 */
export async function gatherProbes(
  iceServers: readonly IceServer[],
  stop: AbortSignal,
): Promise<{ probes: ProbeObservation[]; mappingProbe: ProbeObservation | null }> {
  const urls = iceUrlsOf(iceServers).slice(0, MAX_PROBED_URLS);
  const probes = urls.map(({ url, server }) => {
    const isTurn = parseIceUrl(url).kind === "turn";
    const credential = isTurn && server.username === undefined ? PROBE_CREDENTIAL : {};
    return gatherOnce(url, { ...server, ...credential, urls: [url] }, isTurn ? "relay" : "all", stop);
  });
  const stunUrls = urls.filter(({ url }) => parseIceUrl(url).kind === "stun").map(({ url }) => url);
  const mapping =
    stunUrls.length < 2 ? Promise.resolve(null) : gatherOnce(stunUrls.join(" "), { urls: stunUrls }, "all", stop);
  const [mappingProbe, gathered] = await Promise.all([mapping, Promise.all(probes)]);
  return { probes: gathered, mappingProbe };
}
