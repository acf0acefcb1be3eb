import type { Member, MemberId } from "@rallypoint/shared";

/** What only the server knows about a member's place in a room. */
interface Seat {
  /** The secret that lets a new socket take this seat back. */
  resumeToken: string;
  /** When the member's socket dropped (server time, ms), or null while it is connected. */
  heldSince: number | null;
}

/**
 * One room: its members in join order (so the oldest member is first), their seats, and the host. A member whose
 * socket dropped keeps its seat (it counts toward capacity) but never holds the host role while someone else is
 * connected: a game must not wait on a host that may never come back.
 */
export class Room {
  readonly members: Member[] = [];
  hostId: MemberId;
  private readonly seats = new Map<MemberId, Seat>();

  constructor(
    readonly code: string,
    readonly capacity: number,
    creator: Member,
    resumeToken: string,
  ) {
    this.add(creator, resumeToken);
    this.hostId = creator.id;
  }

  get isFull(): boolean {
    return this.members.length >= this.capacity;
  }

  has(memberId: MemberId): boolean {
    return this.seats.has(memberId);
  }

  /** Whether the member's seat is held for it while its socket is away. */
  isHeld(memberId: MemberId): boolean {
    return (this.seats.get(memberId)?.heldSince ?? null) !== null;
  }

  resumeTokenOf(memberId: MemberId): string | undefined {
    return this.seats.get(memberId)?.resumeToken;
  }

  add(member: Member, resumeToken: string): void {
    this.members.push(member);
    this.seats.set(member.id, { resumeToken, heldSince: null });
  }

  /** Holds a member's seat after its socket dropped; true when the host role moved because of it. */
  hold(memberId: MemberId, now: number): boolean {
    const seat = this.seats.get(memberId);
    if (!seat) return false;
    seat.heldSince = now;
    return this.electHost();
  }

  /** Gives a member its seat back; true when the host role moved because of it. */
  unhold(memberId: MemberId): boolean {
    const seat = this.seats.get(memberId);
    if (!seat) return false;
    seat.heldSince = null;
    return this.electHost();
  }

  /** Removes a member; when it was the host, the oldest remaining connected member becomes host. */
  remove(memberId: MemberId): { removed: boolean; hostChanged: boolean } {
    const index = this.members.findIndex((member) => member.id === memberId);
    if (index === -1) return { removed: false, hostChanged: false };
    this.members.splice(index, 1);
    this.seats.delete(memberId);
    return { removed: true, hostChanged: this.electHost() };
  }

  /**
   * Keeps the host a connected member: the current one if it still is, else the oldest connected member. While
   * everyone is away a held host stays host (nobody could act on a change). Deterministic. True when it changed.
   */
  private electHost(): boolean {
    const hasHost = this.seats.has(this.hostId);
    if (hasHost && !this.isHeld(this.hostId)) return false;
    const next = this.members.find((member) => !this.isHeld(member.id)) ?? (hasHost ? undefined : this.members[0]);
    if (!next || next.id === this.hostId) return false;
    this.hostId = next.id;
    return true;
  }
}
