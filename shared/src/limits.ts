/** Sizes that both ends agree on. Servers may lower them by configuration, never raise them past these. */
export const Limits = {
  /** Most members a room can hold: the ceiling of the server's ROOM_CAPACITY. */
  maxRoomCapacity: 64,
  /** Most spectators a room can hold besides its players: the ceiling of the server's MAX_SPECTATORS. */
  maxSpectators: 32,
  /** Longest player name, in characters, after trimming. */
  maxNameLength: 32,
  /** Longest game event type name. */
  maxEventTypeLength: 64,
  /** Largest serialized relay payload the server accepts by default, in bytes. */
  maxRelayPayloadBytes: 16 * 1024,
  /**
   * Largest encoded event or state frame a client sends, on the data channel and on the relay alike: the relay's
   * limit, so every message fits either path. The library refuses bigger ones at the call (`payload-too-large`).
   */
  maxFrameBytes: 16 * 1024,
  /**
   * Largest reliable event, in encoded bytes (the MessagePack of `[type, payload]`), on both paths alike. An event
   * whose frame would be over maxFrameBytes travels as `chunk` frames of at most maxFrameBytes each. The library
   * refuses bigger ones at the call (`payload-too-large`). State has no such allowance: it stays within maxFrameBytes.
   */
  maxEventBytes: 1024 * 1024,
  /**
   * Largest room properties (`room:set-properties`), as JSON in UTF-8, after the change is applied: 3 KiB, so a
   * request carrying all of them stays under the server's default 4 KiB limit for one event (MAX_EVENT_PAYLOAD_BYTES).
   */
  maxRoomPropertiesBytes: 3 * 1024,
  /**
   * Largest properties of one member, as JSON in UTF-8: small, since a join answer carries every member's (64 of
   * them fit in 32 KiB).
   */
  maxMemberPropertiesBytes: 512,
  /** Most rooms one `room:list` answer carries (its `limit`); 20 when the request says none. */
  maxRoomListPage: 50,
  /** Most property keys a `room:list` or `room:quick-join` filter may match on. */
  maxRoomFilterKeys: 8,
  /** Most relayed state messages the server puts in one `relay:batch`; a client drops a batch with more. */
  maxRelayBatchMessages: 64,
  /** Largest encoded `relay:batch`, in bytes; the server starts a new batch before one would grow past it. */
  maxRelayBatchBytes: 64 * 1024,
} as const;
