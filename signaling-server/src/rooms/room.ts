import type { Member, MemberId } from "@rallypoint/shared";

/** One room: its members in join order (so the oldest member is first) and its host. */
export class Room {
  readonly members: Member[] = [];
  hostId: MemberId;

  constructor(
    readonly code: string,
    readonly capacity: number,
    creator: Member,
  ) {
    this.members.push(creator);
    this.hostId = creator.id;
  }

  get isFull(): boolean {
    return this.members.length >= this.capacity;
  }

  has(memberId: MemberId): boolean {
    return this.members.some((member) => member.id === memberId);
  }

  add(member: Member): void {
    this.members.push(member);
  }

  /** Removes a member; when it was the host, the oldest remaining member becomes host. */
  remove(memberId: MemberId): { removed: boolean; hostChanged: boolean } {
    const index = this.members.findIndex((member) => member.id === memberId);
    if (index === -1) return { removed: false, hostChanged: false };
    this.members.splice(index, 1);
    const oldest = this.members[0];
    if (this.hostId !== memberId || !oldest) return { removed: true, hostChanged: false };
    this.hostId = oldest.id;
    return { removed: true, hostChanged: true };
  }
}
