import type { MemberId } from "@rallypoint/protocol";

/**
 * Which seats this process's sockets are bound to, written where other processes can read it: if this process dies
 * without closing (a crash, a kill), its members' seats would otherwise stay "connected" forever. Another process
 * finds the dead one's bindings and holds those seats (scale/node-liveness.ts). One process alone needs none of it.
 */
export interface SeatBindings {
  bind(code: string, memberId: MemberId, connection: string): Promise<void>;
  unbind(code: string, memberId: MemberId, connection: string): Promise<void>;
}

export const noSeatBindings: SeatBindings = {
  bind: () => Promise.resolve(),
  unbind: () => Promise.resolve(),
};
