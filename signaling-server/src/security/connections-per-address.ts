import { ErrorCode } from "@rallypoint/protocol";
import type { ExtendedError } from "socket.io";
import { handshakeRefusal } from "../realtime/handshake-refusal.js";
import type { SignalingSocket } from "../realtime/types.js";
import { clientAddress } from "./client-address.js";

/**
 * Caps the Socket.IO connections open at once from one address (see clientAddress), on this process: a player needs
 * one per tab, so a cap well above a household's tabs stops one host from holding thousands of idle sockets.
 */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly trustProxyHops: number,
    private readonly onRefused: () => void,
  ) {}

  /** Refuses the handshake of a connection over the cap with `rate-limited`. */
  readonly middleware = (socket: SignalingSocket, next: (error?: ExtendedError) => void): void => {
    if ((this.open.get(this.addressOf(socket)) ?? 0) < this.limit) {
      next();
      return;
    }
    this.onRefused();
    next(handshakeRefusal(ErrorCode.RateLimited, `Too many connections from this address (${this.limit} at most)`));
  };

  /** Counts a connection that got through every middleware, until `release` is called as it disconnects. */
  track(socket: SignalingSocket): void {
    const address = this.addressOf(socket);
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
  }

  /** Stops counting a tracked connection: it disconnected. */
  release(socket: SignalingSocket): void {
    const address = this.addressOf(socket);
    const remaining = (this.open.get(address) ?? 1) - 1;
    if (remaining > 0) this.open.set(address, remaining);
    else this.open.delete(address);
  }

  private addressOf(socket: SignalingSocket): string {
    return clientAddress(socket.handshake.address, socket.handshake.headers, this.trustProxyHops);
  }
}
