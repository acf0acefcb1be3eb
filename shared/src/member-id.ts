/**
 * Member ids are scoped to their room: `<room code>_<random>`, e.g. `K7MQ2X_3b0c...`. So whether two ids share a
 * room is known from the ids alone, on any server process, with no lookup: the PeerJS server uses it to keep
 * signaling inside rooms. The separator is one PeerJS accepts in ids.
 */
export function scopedMemberId(roomCode: string, unique: string): string {
  return `${roomCode}_${unique}`;
}

/** The room a member id belongs to (see scopedMemberId); undefined for an id that is not scoped. */
export function roomCodeOfMember(memberId: string): string | undefined {
  const separator = memberId.indexOf("_");
  return separator > 0 ? memberId.slice(0, separator) : undefined;
}
