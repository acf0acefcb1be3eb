import type { LinkInfo } from "../links/link-info.js";
import { NetworkError } from "../network-error.js";
import { fetchIceGrant } from "../transport/ice-refresher.js";
import type { DiagnoseOptions, NetworkDiagnosis } from "./diagnosis-types.js";
import type { DoctorVisit } from "./nat-doctor.js";

/** Runs the NAT doctor (the manager's `diagnose`), whose chunk is loaded on the first call: most games never call it. */
export async function consultDoctor(
  manager: { serverUrl: string; iceTransportPolicy: RTCIceTransportPolicy },
  peerToken: string | undefined,
  links: () => LinkInfo[],
  options: DiagnoseOptions,
): Promise<NetworkDiagnosis> {
  const { examine } = await import("./nat-doctor.js");
  return examine(doctorVisit(manager, peerToken, links), options);
}

/**
 * What the NAT doctor's chunk gets from the main file, so that it imports none of it: the ICE servers fetched as the
 * manager does (a member's with its TURN credentials in a room, `peerToken` given; their URLs alone before one), the
 * links, and the library's error.
 */
function doctorVisit(
  manager: { serverUrl: string; iceTransportPolicy: RTCIceTransportPolicy },
  peerToken: string | undefined,
  links: () => LinkInfo[],
): DoctorVisit {
  return {
    iceTransportPolicy: manager.iceTransportPolicy,
    credentials: peerToken === undefined ? "none" : "member",
    iceServers: async (signal) =>
      (await fetchIceGrant(manager.serverUrl, peerToken, (url, init) => fetch(url, { ...init, signal }))).iceServers,
    links,
    fail: (code, message, cause) => new NetworkError(code, message, { cause }),
  };
}
