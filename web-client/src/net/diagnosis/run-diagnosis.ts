import type { LinkInfo } from "../links/link-info.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { fetchIceGrant } from "../transport/ice-refresher.js";
import type { DiagnoseOptions, NetworkDiagnosis } from "./diagnosis-types.js";
import { diagnoseNetwork } from "./diagnose-network.js";
import { gatherProbes } from "./gather-probes.js";

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * The NAT doctor: fetches the ICE servers from our server as the manager does, probes each of them from throwaway
 * RTCPeerConnections, and classifies what came back, all within `timeoutMs`. Loaded on demand by `net.diagnose()`,
 * so games that never call it do not download it.
 */
export async function runDiagnosis(
  manager: { serverUrl: string; iceTransportPolicy: RTCIceTransportPolicy },
  /** The member's peerToken in a room (its ICE servers come with TURN credentials), undefined before one. */
  peerToken: string | undefined,
  /** The current links, read when the probes are done. */
  links: () => LinkInfo[],
  options: DiagnoseOptions,
): Promise<NetworkDiagnosis> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number of ms, got ${String(timeoutMs)}`);
  const startedAt = Date.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const withDeadline: typeof fetch = (input, init) => fetch(input, { ...init, signal: deadline.signal });
    const grant = await fetchIceGrant(manager.serverUrl, peerToken, withDeadline).catch((cause: unknown) => {
      throw deadline.signal.aborted
        ? new NetworkError(ClientErrorCode.Timeout, `No ICE servers from the server within ${String(timeoutMs)} ms`, {
            cause,
          })
        : new NetworkError(ClientErrorCode.ServerUnreachable, "Could not get the ICE servers from the server", {
            cause,
          });
    });
    const { probes, mappingProbe } = await gatherProbes(grant.iceServers, deadline.signal);
    return diagnoseNetwork({
      probes,
      mappingProbe,
      credentials: peerToken === undefined ? "none" : "member",
      iceTransportPolicy: manager.iceTransportPolicy,
      links: links(),
      startedAt,
      durationMs: Date.now() - startedAt,
    });
  } finally {
    clearTimeout(timer);
  }
}
