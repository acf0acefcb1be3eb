import { Limits, type Member, type MemberId, type Properties, type RoomSettings } from "@rallypoint/protocol";
import type { NewRoomOptions, RoomJson, Seat, SeatOrigin } from "./room-types.js";

/**
 * One room: its members in join order (so the oldest member is first), their seats, and the host. A member whose
 * socket dropped keeps its seat (it counts toward capacity) but never holds the host role while someone else is
 * connected: a game must not wait on a host that may never come back.
 */
export class Room {
  readonly members: Member[] = [];
  hostId: MemberId;
  /**
   * The host of a room whose server restarted (a room restored by rooms/room-restore.ts, or held by a shutdown): it
   * stays host while its seat is held, until it comes back, leaves, or the restore window ends, so the first member
   * back after a restart does not take the role.
   */
  reservedHostId: MemberId | null = null;
  /** The lobby (rooms/lobby-rules.ts): the room's properties, the host's settings, and who was kicked until when. */
  properties: Properties = {};
  locked = false;
  membersSetProperties = false;
  /** What kicks banned (banKeys()), each with when it may join again (ms since the epoch). */
  bans: Record<string, number> = {};
  /** Listed by `room:list` and found by `room:quick-join` while unlocked and not full; the host may change it. */
  isPublic = false;
  /**
   * Most spectators besides the players; joins also stay within the server's MAX_SPECTATORS (seat-rules.ts), which
   * is what a room written before this setting existed falls back to.
   */
  maxSpectators: number = Limits.maxSpectators;
  private readonly seats = new Map<MemberId, Seat>();

  constructor(
    readonly code: string,
    /** Most members; the host may change it (`room:configure`). */
    public capacity: number,
    creator: Member,
    resumeToken: string,
    connection: string | null = null,
    { isPublic = false, properties = {}, maxSpectators = Limits.maxSpectators, origin }: NewRoomOptions = {},
  ) {
    this.add(creator, resumeToken, connection, origin);
    this.hostId = creator.id;
    this.isPublic = isPublic;
    this.properties = properties;
    this.maxSpectators = maxSpectators;
  }

  /** Rebuilds a room from its JSON (a copy: changing it changes nothing stored until it is written back). */
  static fromJSON(json: RoomJson): Room {
    const [creator, ...others] = json.members;
    if (!creator) throw new Error(`Room ${json.code} has no members`);
    const room = new Room(json.code, json.capacity, creator, "", null);
    for (const member of others) room.add(member, "", null);
    for (const [memberId, seat] of Object.entries(json.seats)) room.seats.set(memberId, { ...seat });
    room.hostId = json.hostId;
    room.reservedHostId = json.reservedHostId ?? null;
    room.properties = json.properties ?? {};
    room.locked = json.settings?.locked ?? false;
    room.membersSetProperties = json.settings?.membersSetProperties ?? false;
    room.maxSpectators = json.settings?.maxSpectators ?? Limits.maxSpectators;
    room.bans = json.bans ?? {};
    room.isPublic = json.public === true;
    return room;
  }

  toJSON(): RoomJson {
    return {
      code: this.code,
      capacity: this.capacity,
      hostId: this.hostId,
      members: this.members,
      seats: Object.fromEntries(this.seats),
      ...(this.reservedHostId !== null && { reservedHostId: this.reservedHostId }),
      properties: this.properties,
      settings: {
        locked: this.locked,
        membersSetProperties: this.membersSetProperties,
        maxSpectators: this.maxSpectators,
      },
      bans: this.bans,
      ...(this.isPublic && { public: true as const }),
    };
  }

  /** The host's settings, as `room:configure` and RoomJoined carry them. */
  get settings(): RoomSettings {
    const { locked, capacity, membersSetProperties, maxSpectators } = this;
    return { locked, capacity, membersSetProperties, maxSpectators, public: this.isPublic };
  }

  /** Whether every player seat is taken (spectators take none; see Member.spectator). */
  get isFull(): boolean {
    return this.playerCount >= this.capacity;
  }

  /** Members who play: everyone but the spectators. */
  get playerCount(): number {
    return this.members.filter(isPlayer).length;
  }

  get spectatorCount(): number {
    return this.members.length - this.playerCount;
  }

  isSpectator(memberId: MemberId): boolean {
    return this.members.some((member) => member.id === memberId && member.spectator === true);
  }

  has(memberId: MemberId): boolean {
    return this.seats.has(memberId);
  }

  /** Whether the member's seat is held for it while its socket is away. */
  isHeld(memberId: MemberId): boolean {
    return (this.seats.get(memberId)?.heldSince ?? null) !== null;
  }

  /** Whether the member's page said it was going away (see Seat.leaving); its release is then a leave. */
  isLeaving(memberId: MemberId): boolean {
    return this.seats.get(memberId)?.leaving === true;
  }

  /** When the member's held seat is released, if it is held with a deadline. */
  heldUntil(memberId: MemberId): number | null {
    return this.seats.get(memberId)?.heldUntil ?? null;
  }

  /** The socket bound to the member's seat, if it is connected and its socket is tracked. */
  connectionOf(memberId: MemberId): string | null {
    return this.seats.get(memberId)?.connection ?? null;
  }

  resumeTokenOf(memberId: MemberId): string | undefined {
    return this.seats.get(memberId)?.resumeToken;
  }

  add(member: Member, resumeToken: string, connection: string | null = null, origin: SeatOrigin = {}): void {
    const { address, userId } = origin;
    this.members.push(member);
    this.seats.set(member.id, {
      resumeToken,
      heldSince: null,
      heldUntil: null,
      connection,
      ...(address !== undefined && { address }),
      ...(userId !== undefined && { userId }),
    });
  }

  /** Where the member joined from, as far as known (what a kick bans). */
  originOf(memberId: MemberId): SeatOrigin {
    const seat = this.seats.get(memberId);
    return { address: seat?.address, userId: seat?.userId };
  }

  /**
   * Holds a member's seat after its socket dropped; true when the host role moved because of it. `shuttingDown`:
   * the sockets of a server process that is shutting down, all dropping at once; a host among them stays host
   * (see reservedHostId) unless a member is connected on another process, who takes the role as after any drop.
   */
  hold(memberId: MemberId, now: number, until: number | null = null, shuttingDown?: ReadonlySet<string>): boolean {
    const seat = this.seats.get(memberId);
    if (!seat) return false;
    if (shuttingDown && memberId === this.hostId && !this.isConnectedElsewhere(memberId, shuttingDown)) {
      this.reservedHostId = memberId;
    }
    seat.heldSince = now;
    seat.heldUntil = until;
    seat.connection = null;
    return this.electHost();
  }

  /**
   * Its page is going away, perhaps to reload: the seat is held (if it was not) until `until` at the latest, and its
   * release will be a leave. True when the host role moved because of it.
   */
  holdForReturn(memberId: MemberId, now: number, until: number): boolean {
    const seat = this.seats.get(memberId);
    if (!seat) return false;
    if (seat.heldSince === null) seat.heldSince = now;
    seat.heldUntil = Math.min(seat.heldUntil ?? until, until);
    seat.connection = null;
    seat.leaving = true;
    return this.electHost();
  }

  /** Gives a member its seat back, bound to `connection`; true when the host role moved because of it. */
  unhold(memberId: MemberId, connection: string | null = null): boolean {
    const seat = this.seats.get(memberId);
    if (!seat) return false;
    seat.heldSince = null;
    seat.heldUntil = null;
    seat.connection = connection;
    delete seat.leaving;
    if (memberId === this.reservedHostId) this.reservedHostId = null;
    return this.electHost();
  }

  /** Removes a member; when it was the host, the oldest remaining connected member becomes host. */
  remove(memberId: MemberId): { removed: boolean; hostChanged: boolean } {
    const index = this.members.findIndex((member) => member.id === memberId);
    if (index === -1) return { removed: false, hostChanged: false };
    this.members.splice(index, 1);
    this.seats.delete(memberId);
    if (memberId === this.reservedHostId) this.reservedHostId = null;
    return { removed: true, hostChanged: this.electHost() };
  }

  /** Ends the host reservation of a restored room; true when the host role moved because of it. */
  endHostReservation(): boolean {
    if (this.reservedHostId === null) return false;
    this.reservedHostId = null;
    return this.electHost();
  }

  /** Whether a member other than `memberId` is connected through a socket not in `local`. */
  private isConnectedElsewhere(memberId: MemberId, local: ReadonlySet<string>): boolean {
    return [...this.seats].some(
      ([id, seat]) => id !== memberId && seat.connection !== null && !local.has(seat.connection),
    );
  }

  /**
   * Keeps the host a connected player: the current one if it still is, else the oldest connected player. While every
   * player is away a held host stays host (nobody could act on a change). Spectators never take the role from a
   * player; in a room left with spectators only, one keeps it as a caretaker (a room always has a host, and a
   * spectator may not use host controls), until the first player joins or comes back. Deterministic. True when it
   * changed; called after every change of seats, a join included.
   */
  electHost(): boolean {
    if (this.reservedHostId !== null) return false;
    const current = this.members.find((member) => member.id === this.hostId);
    if (current && isPlayer(current) && !this.isHeld(current.id)) return false;
    const next =
      this.members.find((member) => isPlayer(member) && !this.isHeld(member.id)) ??
      (current && isPlayer(current) ? current : undefined) ??
      this.members.find(isPlayer) ??
      current ??
      this.members.find((member) => !this.isHeld(member.id)) ??
      this.members[0];
    if (!next || next.id === this.hostId) return false;
    this.hostId = next.id;
    return true;
  }
}

function isPlayer(member: Member): boolean {
  return member.spectator !== true;
}
