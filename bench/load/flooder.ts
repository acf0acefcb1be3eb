import { RawSocketIo } from "./raw-socketio.js";
import { PreparedBinaryEvent, rallypointDialect } from "./socketio-wire.js";

/** What one flooder sends: 2 KB events, the size tried in issue #15. */
export const FLOOD_EVENT_BYTES = 2048;
/** It writes while its websocket holds less than this, and looks again 1 ms later: as fast as the server reads. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const CONNECT_TIMEOUT_MS = 20_000;

/**
 * A client alone in its own room on Rallypoint's server that sends 2 KB `relay:send` events as fast as its socket
 * takes them, as a new user tried it (issue #15): what it costs the other rooms is the flood column's question.
 */
export class Flooder {
  sentMessages = 0;
  private isStopped = false;
  private timer: NodeJS.Timeout | undefined;
  /** Why the server ended its connection, if it did. */
  droppedBecause: string | undefined;

  private constructor(private readonly socket: RawSocketIo) {}

  static async start(url: string): Promise<Flooder> {
    const holder: { flooder?: Flooder } = {};
    const { wire, protocolVersion } = await rallypointDialect(url);
    const socket = await RawSocketIo.connect(
      url,
      wire,
      {},
      {
        onEvent: () => undefined,
        onBinaryEvent: () => undefined,
        onClose: (reason) => {
          if (holder.flooder) holder.flooder.droppedBecause = reason;
          holder.flooder?.stop();
        },
      },
    );
    const [answer] = await socket.emitWithAck("room:create", { protocolVersion }, CONNECT_TIMEOUT_MS);
    if (!(answer as { ok?: unknown }).ok)
      throw new Error(`the flooder could not create its room: ${JSON.stringify(answer)}`);
    const flooder = new Flooder(socket);
    holder.flooder = flooder;
    const send = new PreparedBinaryEvent(wire, "relay:send", { to: null, channel: "event" });
    flooder.pump(send, new Uint8Array(FLOOD_EVENT_BYTES));
    return flooder;
  }

  stop(): void {
    this.isStopped = true;
    clearTimeout(this.timer);
    this.socket.close();
  }

  private pump(send: PreparedBinaryEvent, payload: Uint8Array): void {
    if (this.isStopped) return;
    while (this.socket.bufferedAmount < MAX_BUFFERED_BYTES) {
      this.socket.sendBinary(send, payload);
      this.sentMessages++;
    }
    this.timer = setTimeout(() => this.pump(send, payload), 1);
  }
}
