import { Emitter } from "../emitter.js";
import type { ConnectionState, MessageStats, TransportMetrics } from "./martini-wire.js";

/** Where the counts and the connection state come from: the transport that owns these metrics. */
export interface MetricsSource {
  /** False once the manager is out of the room (left, or the session ended). */
  isInRoom(): boolean;
  getPeerCount(): number;
  getLatencyMs(): number | undefined;
}

/**
 * A MartiniTransport's `metrics`: the connection state as the manager's session goes (`connecting` while it
 * reconnects, `connected` again once its seat is back, `disconnected` at the end), and message counts.
 */
export class MartiniMetrics implements Required<TransportMetrics> {
  private state: ConnectionState = "connected";
  private stats: MessageStats = { sent: 0, received: 0, errors: 0 };
  private readonly changes = new Emitter<{ change: ConnectionState }>();

  constructor(private readonly source: MetricsSource) {}

  getConnectionState(): ConnectionState {
    return this.source.isInRoom() ? this.state : "disconnected";
  }

  onConnectionChange(callback: (state: ConnectionState) => void): () => void {
    return this.changes.on("change", callback);
  }

  getPeerCount(): number {
    return this.source.getPeerCount();
  }

  getMessageStats(): MessageStats {
    return { ...this.stats };
  }

  getLatencyMs(): number | undefined {
    return this.source.getLatencyMs();
  }

  resetStats(): void {
    this.stats = { sent: 0, received: 0, errors: 0 };
  }

  /** Moves to `state`, telling the listeners if it is a change. */
  setConnectionState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.changes.emit("change", state);
  }

  count(counter: keyof MessageStats, by = 1): void {
    this.stats[counter] += by;
  }

  removeListeners(): void {
    this.changes.removeAll();
  }
}
