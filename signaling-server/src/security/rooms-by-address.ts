/**
 * The codes of the rooms each client address created, for MAX_ROOMS_PER_IP. Entries are never removed when a room
 * closes: the limit prunes codes whose room is gone when it counts, so no hook into room deletion is needed.
 */
export interface RoomsByAddress {
  add(address: string, code: string): Promise<void>;
  codes(address: string): Promise<string[]>;
  forget(address: string, codes: readonly string[]): Promise<void>;
}

/** One process's count: what a server without Redis uses. */
export class MemoryRoomsByAddress implements RoomsByAddress {
  private readonly byAddress = new Map<string, Set<string>>();

  add(address: string, code: string): Promise<void> {
    const codes = this.byAddress.get(address) ?? new Set();
    codes.add(code);
    this.byAddress.set(address, codes);
    return Promise.resolve();
  }

  codes(address: string): Promise<string[]> {
    return Promise.resolve([...(this.byAddress.get(address) ?? [])]);
  }

  forget(address: string, codes: readonly string[]): Promise<void> {
    const known = this.byAddress.get(address);
    if (!known) return Promise.resolve();
    for (const code of codes) known.delete(code);
    if (known.size === 0) this.byAddress.delete(address);
    return Promise.resolve();
  }
}
