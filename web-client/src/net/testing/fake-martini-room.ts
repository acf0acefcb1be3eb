import { ErrorCode, Limits, type Member } from "@rallypoint/protocol";
import { Emitter } from "../emitter.js";
import type { NetworkEvents, RoomInfo } from "../network-events.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import { emptyLinkStats, type LinkInfo } from "../links/link-info.js";
import type { MartiniNetwork } from "../adapters/martini-transport.js";

export interface Sent {
  channel: "event" | "state";
  type?: string;
  payload: unknown;
  to?: string;
}

/**
 * A room of fake managers (for the martini adapter's tests) that deliver synchronously, cloning each message as a
 * real wire would. The server's notices go to members in the order they joined.
 */
export class FakeRoom {
  readonly networks = new Map<string, FakeNetwork>();
  hostId = "";
  private joinedAt = 0;

  /**
   * Seats `id`. `seated` runs before the others hear of it, as a real joiner's code runs when `joinRoom` resolves,
   * before anything from the others arrives.
   */
  join(id: string, seated?: (network: FakeNetwork) => void, { spectator = false } = {}): FakeNetwork {
    const member: Member = { id, name: id, joinedAt: ++this.joinedAt, ...(spectator && { spectator }) };
    if (this.networks.size === 0) this.hostId = id;
    const network = new FakeNetwork(this, member);
    this.networks.set(id, network);
    seated?.(network);
    for (const other of this.networks.values()) if (other !== network) other.emit("peer-joined", member);
    return network;
  }

  /** The server hands the host role to `hostId` (the host's connection dropped, or its page was hidden). */
  handOver(hostId: string): void {
    this.hostId = hostId;
    for (const network of this.networks.values()) network.emit("host-changed", { hostId });
  }

  /** The member leaves; the oldest remaining one inherits the host role. */
  leave(id: string): void {
    this.networks.delete(id);
    for (const other of this.networks.values()) other.emit("peer-left", { id, reason: "left" });
    const heir = [...this.networks.values()].sort((a, b) => a.member.joinedAt - b.member.joinedAt)[0];
    if (id === this.hostId && heir) {
      this.hostId = heir.member.id;
      for (const other of this.networks.values()) other.emit("host-changed", { hostId: this.hostId });
    }
  }

  /** The server connection of `id` drops. */
  disconnect(id: string): void {
    const network = this.networks.get(id);
    this.leave(id);
    network?.emit("disconnected", "connection-lost");
  }
}

export class FakeNetwork implements MartiniNetwork {
  readonly sent: Sent[] = [];
  private stateSeq = 0;
  rtts: (number | null)[] = [];
  /** Peers whose reliable lane is full: an event to one is dropped with a `send-buffer-full` error, as the manager does. */
  readonly fullPeers = new Set<string>();
  /** Drops this share of the state arriving here, evenly (0.3: 3 of every 10), as `setConditions({ lossPercent })`. */
  stateLoss = 0;
  private statesArrived = 0;
  private readonly events = new Emitter<NetworkEvents>();

  constructor(
    private readonly fakeRoom: FakeRoom,
    readonly member: Member,
  ) {}

  get room(): RoomInfo | undefined {
    if (!this.fakeRoom.networks.has(this.member.id)) return undefined;
    const members = [...this.fakeRoom.networks.values()].map((network) => network.member);
    const settings = { locked: false, capacity: 8, membersSetProperties: false, maxSpectators: 8, public: false };
    return { code: "K7MQ2X", selfId: this.member.id, hostId: this.fakeRoom.hostId, members, properties: {}, settings };
  }

  on<K extends keyof NetworkEvents>(event: K, listener: (value: NetworkEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  emit<K extends keyof NetworkEvents>(event: K, value: NetworkEvents[K]): void {
    this.events.emit(event, value);
  }

  sendEvent(type: string, payload: unknown, to?: string): void {
    this.assertPlayer();
    const targets = this.targets(to);
    if (JSON.stringify(payload).length > Limits.maxRelayPayloadBytes) {
      throw new NetworkError(ClientErrorCode.PayloadTooLarge, "too large");
    }
    this.sent.push({ channel: "event", type, payload, to });
    for (const target of targets) {
      if (this.fullPeers.has(target.member.id)) {
        this.emit("error", new NetworkError(ClientErrorCode.SendBufferFull, `Dropped event "${type}"`));
        continue;
      }
      target.emit("event", { from: this.member.id, type, payload: structuredClone(payload), via: "relay" });
    }
  }

  sendState(payload: Record<string, unknown>, to?: string): void {
    this.assertPlayer();
    const targets = this.targets(to);
    this.sent.push({ channel: "state", payload, to });
    const snapshot = { seq: this.stateSeq++, time: 0, teleport: false };
    for (const target of targets) {
      if (target.losesNextState()) continue;
      target.emit("state", { from: this.member.id, payload: structuredClone(payload), via: "webrtc", ...snapshot });
    }
  }

  getLinks(): LinkInfo[] {
    return this.rtts.map((rttMs, index) => ({
      peerId: `peer-${index}`,
      path: "webrtc",
      state: "webrtc",
      rttMs,
      lastSwitchAt: null,
      webrtcRoute: "direct",
      turnTransport: null,
      lastFailure: null,
      relayReason: null,
      pendingEvents: 0,
      stats: emptyLinkStats(),
    }));
  }

  /** As the manager: a spectator sends nothing. */
  private assertPlayer(): void {
    if (this.member.spectator) throw new NetworkError(ErrorCode.Spectator, "Spectators only watch");
  }

  private losesNextState(): boolean {
    this.statesArrived++;
    return Math.floor(this.statesArrived * this.stateLoss) > Math.floor((this.statesArrived - 1) * this.stateLoss);
  }

  private targets(to: string | undefined): FakeNetwork[] {
    if (!this.room) throw new NetworkError(ClientErrorCode.NotInRoom, "not in a room");
    const others = [...this.fakeRoom.networks.values()].filter((network) => network !== this);
    if (to === undefined) return others;
    const target = others.find((network) => network.member.id === to);
    if (!target) throw new NetworkError(ErrorCode.UnknownPeer, `no member ${to}`);
    return [target];
  }
}
