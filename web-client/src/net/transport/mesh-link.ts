import type { DataConnection } from "peerjs";
import { LinkPath } from "./link-path.js";

export interface MeshLinkHandlers {
  onPathChange(path: LinkPath): void;
  onMessage(data: unknown): void;
}

/**
 * The WebRTC side of one peer pair: holds at most one DataConnection and reports whether it can carry
 * messages. While it cannot, the manager uses the relay.
 */
export class MeshLink {
  private connection: DataConnection | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private currentPath: LinkPath = LinkPath.Connecting;

  constructor(
    readonly peerId: string,
    private readonly openTimeoutMs: number,
    private readonly handlers: MeshLinkHandlers,
  ) {}

  get path(): LinkPath {
    return this.currentPath;
  }

  /**
   * Starts the open timeout while the remote side dials us (or our own dial is on its way): PeerJS does not report
   * every ICE failure, so a pair whose connection does not open in time goes to the relay.
   */
  awaitConnection(): void {
    clearTimeout(this.openTimer);
    this.openTimer = setTimeout(() => {
      if (this.currentPath === LinkPath.Connecting) this.markUnavailable();
    }, this.openTimeoutMs);
  }

  /** Takes over a connection, ours or the remote's; a previous one is closed. */
  attach(connection: DataConnection): void {
    this.detach();
    this.connection = connection;
    this.setPath(LinkPath.Connecting);
    this.awaitConnection();
    connection.on("open", () => {
      clearTimeout(this.openTimer);
      if (this.connection === connection) this.setPath(LinkPath.WebRTC);
    });
    connection.on("data", (data) => {
      if (this.connection === connection) this.handlers.onMessage(data);
    });
    connection.on("close", () => this.fail(connection));
    connection.on("error", () => this.fail(connection));
  }

  /** Sends over the data channel; false when it is not open, so the caller relays instead. */
  send(message: unknown): boolean {
    if (this.currentPath !== LinkPath.WebRTC || !this.connection?.open) return false;
    void this.connection.send(message);
    return true;
  }

  /** Gives up on WebRTC for this pair (the peer is unreachable or gone). */
  markUnavailable(): void {
    this.detach();
    this.setPath(LinkPath.Relay);
  }

  close(): void {
    this.detach();
  }

  private fail(connection: DataConnection): void {
    if (this.connection !== connection) return;
    this.markUnavailable();
  }

  private detach(): void {
    clearTimeout(this.openTimer);
    const connection = this.connection;
    this.connection = undefined;
    connection?.close();
  }

  private setPath(path: LinkPath): void {
    if (path === this.currentPath) return;
    this.currentPath = path;
    this.handlers.onPathChange(path);
  }
}
