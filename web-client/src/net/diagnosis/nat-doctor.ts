import type { IceServer } from "@rallypoint/protocol";
import type { LinkInfo } from "../links/link-info.js";
import type { ClientErrorCode } from "../network-error.js";
import type { DiagnoseOptions, NetworkDiagnosis } from "./diagnosis-types.js";
import { diagnoseNetwork } from "./diagnose-network.js";
import { gatherProbes } from "./gather-probes.js";

const DEFAULT_TIMEOUT_MS = 5_000;

/** What `net.diagnose()` hands the doctor. */
export interface DoctorVisit {
  iceTransportPolicy: RTCIceTransportPolicy;
  /** Whether the ICE servers come with this member's TURN credentials (in a room) or without any (before one). */
  credentials: NetworkDiagnosis["credentials"];
  /** Fetches the ICE servers from our server, as the manager does, giving up when `signal` aborts. */
  iceServers(signal: AbortSignal): Promise<IceServer[]>;
  /** The current links, read when the probes are done. */
  links(): LinkInfo[];
  /** Wraps a failure as the NetworkError the call rejects with. */
  fail(
    code: typeof ClientErrorCode.Timeout | typeof ClientErrorCode.ServerUnreachable,
    message: string,
    cause: unknown,
  ): Error;
}

/**
 * The NAT doctor, a chunk of its own that `net.diagnose()` loads on its first call (games that never call it never
 * load it): gets the ICE servers, probes each of them from throwaway RTCPeerConnections and classifies what came
 * back, all within `timeoutMs`. It imports no runtime code from the rest of the library, so that bundlers keep all
 * of that in the main file; what it needs from there comes in `visit`.
 */
export async function examine(visit: DoctorVisit, options: DiagnoseOptions): Promise<NetworkDiagnosis> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number of ms, got ${String(timeoutMs)}`);
  const startedAt = Date.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const iceServers = await visit.iceServers(deadline.signal).catch((cause: unknown) => {
      throw deadline.signal.aborted
        ? visit.fail("timeout", `No ICE servers from the server within ${String(timeoutMs)} ms`, cause)
        : visit.fail("server-unreachable", "Could not get the ICE servers from the server", cause);
    });
    const { probes, mappingProbe } = await gatherProbes(iceServers, deadline.signal);
    return diagnoseNetwork({
      probes,
      mappingProbe,
      credentials: visit.credentials,
      iceTransportPolicy: visit.iceTransportPolicy,
      links: visit.links(),
      startedAt,
      durationMs: Date.now() - startedAt,
    });
  } finally {
    clearTimeout(timer);
  }
}
