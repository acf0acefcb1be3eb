/**
 * The version of the wire protocol. Bumped on every change that an older peer or server cannot understand.
 * 2: `links:report`, `relay:batch` from the server, and `relay:send` to a list of members.
 * 3: `member:visibility` (a server of version 2 counts it as an unknown, invalid event).
 * 4: a reloaded page resumes its seat (`room:resume` with `restarted`, `peer:resumed` saying so, the leave beacon's
 *    `mayReturn`): a version 3 peer would keep numbering reliable events where the old page left off. And `chunk`
 *    peer frames, for events over one frame (a client of version 3 drops them as malformed).
 * 5: every Socket.IO packet is one MessagePack message (`socketIoParser`) instead of Socket.IO's default JSON and
 *    attachments: a client and a server of versions 4 and 5 cannot parse each other's packets at all, so the
 *    client cannot be told `incompatible-version` across this step (it reports `server-unreachable`); servers say
 *    their version on /healthz from 5 on. And public rooms: `room:create` with `public` and `properties`,
 *    `room:list` and `room:quick-join`.
 * 6: the room's settings carry `maxSpectators` and `public`, and `room:configure` changes them (a version 5 server
 *    refuses them as invalid, and a version 5 client's settings would lack them).
 */
export const PROTOCOL_VERSION = 6;

/** Which side of a handshake is too old to talk to the other. */
export const IncompatibilityReason = {
  ClientTooOld: "client-too-old",
  ServerTooOld: "server-too-old",
} as const;
export type IncompatibilityReason = (typeof IncompatibilityReason)[keyof typeof IncompatibilityReason];

/** Compares a client's protocol version with this side's; `null` when they can talk. */
export function checkProtocolVersion(
  clientVersion: number,
  serverVersion: number = PROTOCOL_VERSION,
): IncompatibilityReason | null {
  if (clientVersion < serverVersion) return IncompatibilityReason.ClientTooOld;
  if (clientVersion > serverVersion) return IncompatibilityReason.ServerTooOld;
  return null;
}
