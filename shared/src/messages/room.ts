import * as z from "zod/mini";
import { Limits } from "../limits.js";
import { isRoomCode, normalizeRoomCode } from "../room-code.js";
import { Properties, RoomProperties, RoomSettings } from "./lobby.js";

/** Trimmed before the length checks, so "  " is empty and a padded name is measured without its padding. */
const playerName = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), z.maxLength(Limits.maxNameLength));

/** What a person typed, in canonical form (upper case, no spaces or dashes), and then a well-formed code. */
const roomCode = z
  .pipe(z.string().check(z.maxLength(32)), z.transform(normalizeRoomCode))
  .check(z.refine(isRoomCode, { message: "not a room code" }));

/** Protocol versions are whole numbers. */
const protocolVersion = z.number().check(z.int());

/** Every member id is also that member's PeerJS id. */
export const MemberId = z.string().check(z.minLength(1), z.maxLength(64));
export type MemberId = z.infer<typeof MemberId>;

export const Member = z.object({
  id: MemberId,
  name: z.string(),
  /** Server time (ms since the epoch) when the member joined; the oldest member inherits the host role. */
  joinedAt: z.number(),
  /** What the member says about itself (`member:set-properties`); absent until it says anything. */
  properties: z.optional(Properties),
  /** Present (true) for a spectator: it watches (receives state and events) but sends none and takes no seat. */
  spectator: z.optional(z.literal(true)),
});
export type Member = z.infer<typeof Member>;

/** A member as a room view carries it: without properties, which a server restores empty. */
const ViewedMember = z.object({
  id: MemberId,
  name: z.string(),
  joinedAt: z.number(),
  spectator: z.optional(z.literal(true)),
});

export const CreateRoomRequest = z.object({
  protocolVersion,
  name: z.optional(playerName),
  /** Listed by `room:list` and found by `room:quick-join` while unlocked and not full. Default false: private. */
  public: z.optional(z.boolean()),
  /** The room's first properties, within the same limit as `room:set-properties`. Default: none. */
  properties: z.optional(RoomProperties),
});
export type CreateRoomRequest = z.input<typeof CreateRoomRequest>;

export const JoinRoomRequest = z.object({
  code: roomCode,
  protocolVersion,
  name: z.optional(playerName),
  /** Join to watch: within the room's spectator places, not its player capacity (see Member.spectator). */
  spectator: z.optional(z.boolean()),
});
export type JoinRoomRequest = z.input<typeof JoinRoomRequest>;

/** An ICE server entry as RTCPeerConnection takes it. */
export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
});
export type IceServer = z.infer<typeof IceServer>;

/** A member's secret for taking its seat back after its socket drops (see `room:resume`). */
export const ResumeToken = z.string().check(z.minLength(16), z.maxLength(128));
export type ResumeToken = z.infer<typeof ResumeToken>;

/** The ICE servers one member may use, as RoomJoined and `GET /api/ice` hand them out. */
export const IceGrant = z.object({
  iceServers: z.array(IceServer),
  /**
   * How long from now the TURN credentials in `iceServers` stay valid, or null when they do not expire. A client
   * fetches fresh ones from `GET /api/ice` before then, so that new connections keep getting through TURN.
   */
  iceServersTtlMs: z.nullable(z.number().check(z.int(), z.positive())),
});
export type IceGrant = z.infer<typeof IceGrant>;

export const RoomJoined = z.extend(IceGrant, {
  code: z.string(),
  selfId: MemberId,
  hostId: MemberId,
  members: z.array(Member),
  /** Secret to this member: sent back in `room:resume`, never shown to anyone else. */
  resumeToken: ResumeToken,
  /** How long the server holds this member's seat after its socket drops; 0 when it does not. */
  resumeGraceMs: z.number().check(z.int(), z.nonnegative()),
  /**
   * This member's secret, issued on entering the room: the PeerJS client passes it as its `token` (the PeerJS
   * server lets in no other id and token), and `GET /api/ice` takes it as a bearer token. Never share it.
   */
  peerToken: z.string().check(z.minLength(1)),
  /** The room's properties (`room:set-properties`); absent from a server that has none to tell. */
  properties: z.optional(Properties),
  /** The host's settings of the room (`room:configure`). */
  settings: z.optional(RoomSettings),
});
export type RoomJoined = z.infer<typeof RoomJoined>;

/**
 * What a member saw of its room: the host and the members in join order. Sent with `room:resume` so that a server
 * that restarted without the room (no Redis) can put it back as it was, once the resume token proves the seat.
 */
export const RoomView = z.object({
  hostId: MemberId,
  members: /* @__PURE__ */ z
    .array(ViewedMember)
    .check(z.minLength(1), z.maxLength(Limits.maxRoomCapacity + Limits.maxSpectators)),
});
export type RoomView = z.infer<typeof RoomView>;

export const ResumeRoomRequest = z.object({
  code: roomCode,
  memberId: MemberId,
  resumeToken: z.string().check(z.maxLength(128)),
  protocolVersion,
  /** The room as this member last saw it; optional (older clients send none, and then a lost room stays lost). */
  room: z.optional(RoomView),
  /**
   * The member's page started over (a reload) and kept only its seat: its links to the others start afresh, so they
   * must too (see PeerResumed.restarted).
   */
  restarted: z.optional(z.boolean()),
});
export type ResumeRoomRequest = z.input<typeof ResumeRoomRequest>;

/** What a page going away sends to ServerPaths.leave: the seat it leaves, proven by its resume token. */
export const LeaveBeacon = z.object({
  code: roomCode,
  memberId: MemberId,
  resumeToken: z.string().check(z.maxLength(128)),
  /**
   * The page may be reloading and kept its seat to come back (the library cannot tell a reload from a close): the
   * server then frees the seat only if nobody takes it back within its short reload window.
   */
  mayReturn: z.optional(z.boolean()),
  /**
   * The page's Socket.IO connection id: a beacon that arrives after the reloaded page already took the seat back
   * is about a connection the seat no longer has, and changes nothing.
   */
  connection: z.optional(z.string().check(z.maxLength(64))),
});
export type LeaveBeacon = z.input<typeof LeaveBeacon>;

/**
 * `left`: room:leave; `disconnected`: the socket dropped and the server holds no seats (RESUME_GRACE_MS=0);
 * `timeout`: the socket dropped and its member did not resume within the grace window.
 */
export const PeerLeftReason = z.enum(["left", "disconnected", "timeout", "kicked"]);
export type PeerLeftReason = z.infer<typeof PeerLeftReason>;

export const PeerLeft = z.object({ id: MemberId, reason: PeerLeftReason });
export type PeerLeft = z.infer<typeof PeerLeft>;

export const HostChanged = z.object({ hostId: MemberId });
export type HostChanged = z.infer<typeof HostChanged>;

/** A member's socket dropped; its seat is held for the grace window (its host role has already moved on). */
export const PeerReconnecting = z.object({ id: MemberId });
export type PeerReconnecting = z.infer<typeof PeerReconnecting>;

/**
 * A member took its held seat back with a new socket. `restarted`: its page started over (a reload), so it knows
 * nothing of what it had received: the others restart their reliable numbering with it and may resend it what a
 * newcomer needs.
 */
export const PeerResumed = z.object({ id: MemberId, restarted: z.optional(z.boolean()) });
export type PeerResumed = z.infer<typeof PeerResumed>;

/**
 * The server is going down: try again after `retryAfterMs`. Rooms come back with their members' resumes (see
 * RoomView), or live on in Redis.
 */
export const ServerShutdown = z.object({ retryAfterMs: z.number().check(z.int(), z.nonnegative()) });
export type ServerShutdown = z.infer<typeof ServerShutdown>;
