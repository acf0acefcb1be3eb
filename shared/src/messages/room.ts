import { z } from "zod";
import { Limits } from "../limits.js";
import { isRoomCode, normalizeRoomCode } from "../room-code.js";

const playerName = z.string().trim().min(1).max(Limits.maxNameLength);

/** Every member id is also that member's PeerJS id. */
export const MemberId = z.string().min(1).max(64);
export type MemberId = z.infer<typeof MemberId>;

export const Member = z.object({
  id: MemberId,
  name: z.string(),
  /** Server time (ms since the epoch) when the member joined; the oldest member inherits the host role. */
  joinedAt: z.number(),
});
export type Member = z.infer<typeof Member>;

export const CreateRoomRequest = z.object({
  protocolVersion: z.number().int(),
  name: playerName.optional(),
});
export type CreateRoomRequest = z.input<typeof CreateRoomRequest>;

export const JoinRoomRequest = z.object({
  code: z.string().max(32).transform(normalizeRoomCode).refine(isRoomCode, { message: "not a room code" }),
  protocolVersion: z.number().int(),
  name: playerName.optional(),
});
export type JoinRoomRequest = z.input<typeof JoinRoomRequest>;

/** An ICE server entry as RTCPeerConnection takes it. */
export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** A member's secret for taking its seat back after its socket drops (see `room:resume`). */
export const ResumeToken = z.string().min(16).max(128);
export type ResumeToken = z.infer<typeof ResumeToken>;

/** The ICE servers one member may use, as RoomJoined and `GET /api/ice` hand them out. */
export const IceGrant = z.object({
  iceServers: z.array(IceServer),
  /**
   * How long from now the TURN credentials in `iceServers` stay valid, or null when they do not expire. A client
   * fetches fresh ones from `GET /api/ice` before then, so that new connections keep getting through TURN.
   */
  iceServersTtlMs: z.number().int().positive().nullable(),
});
export type IceGrant = z.infer<typeof IceGrant>;

export const RoomJoined = IceGrant.extend({
  code: z.string(),
  selfId: MemberId,
  hostId: MemberId,
  members: z.array(Member),
  /** Secret to this member: sent back in `room:resume`, never shown to anyone else. */
  resumeToken: ResumeToken,
  /** How long the server holds this member's seat after its socket drops; 0 when it does not. */
  resumeGraceMs: z.number().int().min(0),
  /**
   * This member's secret, issued on entering the room: the PeerJS client passes it as its `token` (the PeerJS
   * server lets in no other id and token), and `GET /api/ice` takes it as a bearer token. Never share it.
   */
  peerToken: z.string().min(1),
});
export type RoomJoined = z.infer<typeof RoomJoined>;

export const ResumeRoomRequest = z.object({
  code: z.string().max(32).transform(normalizeRoomCode).refine(isRoomCode, { message: "not a room code" }),
  memberId: MemberId,
  resumeToken: z.string().max(128),
  protocolVersion: z.number().int(),
});
export type ResumeRoomRequest = z.input<typeof ResumeRoomRequest>;

/**
 * `left`: room:leave; `disconnected`: the socket dropped and the server holds no seats (RESUME_GRACE_MS=0);
 * `timeout`: the socket dropped and its member did not resume within the grace window.
 */
export const PeerLeftReason = z.enum(["left", "disconnected", "timeout"]);
export type PeerLeftReason = z.infer<typeof PeerLeftReason>;

export const PeerLeft = z.object({ id: MemberId, reason: PeerLeftReason });
export type PeerLeft = z.infer<typeof PeerLeft>;

export const HostChanged = z.object({ hostId: MemberId });
export type HostChanged = z.infer<typeof HostChanged>;

/** A member's socket dropped; its seat is held for the grace window (its host role has already moved on). */
export const PeerReconnecting = z.object({ id: MemberId });
export type PeerReconnecting = z.infer<typeof PeerReconnecting>;

/** A member took its held seat back with a new socket. */
export const PeerResumed = z.object({ id: MemberId });
export type PeerResumed = z.infer<typeof PeerResumed>;

/** The server is going down: try again after `retryAfterMs` (rooms live in memory, so they will be gone). */
export const ServerShutdown = z.object({ retryAfterMs: z.number().int().min(0) });
export type ServerShutdown = z.infer<typeof ServerShutdown>;
