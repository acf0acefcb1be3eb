import type { Member, MemberId, Properties } from "@rallypoint/protocol";

/** What only the server knows about a member's place in a room. */
export interface Seat {
  /** The secret that lets a new socket take this seat back. */
  resumeToken: string;
  /** When the member's socket dropped (server time, ms), or null while it is connected. */
  heldSince: number | null;
  /** When a held seat's grace window ends (server time, ms); null while connected or when nobody set one. */
  heldUntil: number | null;
  /**
   * The socket bound to the seat, while connected (null when held, or when the caller does not track sockets). A
   * drop only holds the seat when it is this socket's: with several server processes, the old socket of a member
   * that already resumed elsewhere may be seen gone later, and must not take the seat from the new one.
   */
  connection: string | null;
  /**
   * Its page said it was going away (the leave beacon) but may come back from a reload: held for the short reload
   * window only, and released as `left`, not `timeout`. Absent otherwise.
   */
  leaving?: true;
  /** The address the member joined from (security/client-address.ts): what a kick bans. Absent when unknown. */
  address?: string;
  /** The user the server's `authenticate` hook said it is: what a kick bans instead, for joins as that user. */
  userId?: string;
}

/** Where a member comes from, as far as the server can tell: what a kick bans (rooms/lobby-rules.ts). */
export interface SeatOrigin {
  address?: string | undefined;
  userId?: string | undefined;
}

/** A room as plain JSON: how the Redis store keeps it (one key per room, so one write changes it atomically). */
export interface RoomJson {
  code: string;
  capacity: number;
  hostId: MemberId;
  members: Member[];
  seats: Record<MemberId, Seat>;
  /** See Room.reservedHostId; absent when there is none. */
  reservedHostId?: MemberId;
  /** The lobby's state (Room.properties, settings, bans); absent in rooms written before it existed. */
  properties?: Properties;
  /** `maxSpectators` is absent in rooms written before the host could set it. */
  settings?: { locked: boolean; membersSetProperties: boolean; maxSpectators?: number };
  bans?: Record<string, number>;
  /** Present (true) for a public room (Room.isPublic); rooms are private otherwise. */
  public?: true;
}

/** What a room is created with besides its creator (`room:create`, `room:quick-join`). */
export interface NewRoomOptions {
  /** Listed and quick-joinable while unlocked and not full (rooms/room-directory.ts). Default false. */
  isPublic?: boolean;
  properties?: Properties;
  /** Most spectators besides the players (the server's MAX_SPECTATORS at creation); the host may lower it. */
  maxSpectators?: number;
  /** Where the creator comes from (see SeatOrigin). */
  origin?: SeatOrigin;
}
