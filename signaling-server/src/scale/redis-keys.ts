/**
 * Every Redis key and channel the server uses, under one prefix (REDIS_KEY_PREFIX) so several deployments can share
 * a Redis. Rooms are one key each: a room changes in one atomic write.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** JSON of one room (rooms/room.ts RoomJson). */
  room(code: string): string {
    return `${this.prefix}room:${code}`;
  }

  /** Set of live room codes, for the room count. */
  get rooms(): string {
    return `${this.prefix}rooms`;
  }

  /**
   * Sorted set of the public rooms one can join, each as its directory entry (rooms/room-directory.ts) with score
   * 0, so that it is ordered as the listing is; written with the rooms, in the same atomic step.
   */
  get directory(): string {
    return `${this.prefix}public-rooms`;
  }

  /** Set of the codes of rooms a client address created (MAX_ROOMS_PER_IP). */
  roomsCreatedBy(address: string): string {
    return `${this.prefix}rooms-by-ip:${address}`;
  }

  /** Sorted set of held seats by the end of their grace window. */
  get holds(): string {
    return `${this.prefix}holds`;
  }

  /** A member's PeerJS token, and the member a token belongs to. */
  tokenOfMember(memberId: string): string {
    return `${this.prefix}peer-token:${memberId}`;
  }

  memberOfToken(token: string): string {
    return `${this.prefix}peer-member:${token}`;
  }

  /** Channel: member ids whose tokens were revoked (every process drops their PeerJS sockets). */
  get revokedChannel(): string {
    return `${this.prefix}peer-revoked`;
  }

  /** Set of server process ids, each alive while its heartbeat key exists. */
  get nodes(): string {
    return `${this.prefix}nodes`;
  }

  heartbeat(nodeId: string): string {
    return `${this.prefix}node:${nodeId}`;
  }

  /** Set of the seats a process's sockets are bound to. */
  seatsOf(nodeId: string): string {
    return `${this.prefix}node:${nodeId}:seats`;
  }

  /** Which process holds a member's PeerJS socket, and signaling messages waiting for it to connect. */
  peerNode(peerId: string): string {
    return `${this.prefix}peer-node:${peerId}`;
  }

  peerQueue(peerId: string): string {
    return `${this.prefix}peer-queue:${peerId}`;
  }

  /** Channel prefix: PeerJS messages for the members connected to one process (append the process id). */
  get peerChannel(): string {
    return `${this.prefix}peerjs:`;
  }
}
