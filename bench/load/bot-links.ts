import { WebSocket } from "ws";
import { decodeRelayBatch, type Ack, type RelayChannel, type RoomJoined } from "../../shared/src/index.js";
import { RawSocketIo } from "./raw-socketio.js";
import { PreparedBinaryEvent, rallypointDialect, type WireFormat } from "./socketio-wire.js";

/**
 * The servers the load bench drives with the same bots. `rallypoint` sends each frame once to the room
 * (`to: null`), as the web client does when all its links are on the relay and as the baselines fan out;
 * `rallypoint-list` sends it once naming every other member (`to: [ids]`), as the web client does when only some
 * of its links are on the relay: the same deliveries, through the server's list path (a room lookup, one emit to
 * each member's channel).
 */
export type TargetKind = "rallypoint" | "rallypoint-list" | "socketio" | "ws";

/** What a bot does with what reaches it. */
export interface BotHandlers {
  /** A frame another member of the room sent, as the bytes `encodeFrame` made. */
  onFrame(bytes: Uint8Array): void;
  /** The connection ended without the bot closing it: the server dropped it, or its heartbeat timed out. */
  onDropped(reason: string): void;
}

/** One bot's connection, seated in its room. */
export interface BotLink {
  /** Fire-and-forget to everyone else in the room, as the web client relays (no ack asked for). */
  send(channel: RelayChannel, bytes: Uint8Array): void;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 20_000;

/**
 * Seats `handlers.length` bots in one room of the target, one connection each: on Rallypoint through the real
 * handshake (`room:create` by the first bot, `room:join` with its code by the others, in the server's dialect); on
 * the baselines by naming `roomName` when connecting. Rejects, closing what it opened, when any bot fails.
 */
export async function openRoom(
  kind: TargetKind,
  url: string,
  roomName: string,
  handlers: readonly BotHandlers[],
): Promise<BotLink[]> {
  const opened: BotLink[] = [];
  const open = async (link: Promise<BotLink>): Promise<BotLink> => {
    const bot = await link;
    opened.push(bot);
    return bot;
  };
  try {
    if (kind === "ws") return await Promise.all(handlers.map((bot) => open(connectWs(url, roomName, bot))));
    if (kind === "socketio") return await Promise.all(handlers.map((bot) => open(connectPlain(url, roomName, bot))));
    const isListSend = kind === "rallypoint-list";
    const [host, ...guests] = handlers;
    if (!host) return [];
    const { link, code } = await connectRallypoint(url, host, undefined, isListSend);
    opened.push(link);
    const joined = await Promise.all(
      guests.map((bot) => open(connectRallypoint(url, bot, code, isListSend).then((result) => result.link))),
    );
    return [link, ...joined];
  } catch (error) {
    for (const link of opened) link.close();
    throw error;
  }
}

/**
 * Creates a room (no `code`) or joins one, as the web client's SignalingClient does. `isListSend`: every send names
 * the other members, whom the bot follows through the join answer, `peer:joined` and `peer:left`.
 */
async function connectRallypoint(
  url: string,
  handlers: BotHandlers,
  code: string | undefined,
  isListSend: boolean,
): Promise<{ link: BotLink; code: string }> {
  let serverError = "";
  let selfId = "";
  const peers = new Set<string>();
  const { wire, protocolVersion } = await rallypointDialect(url);
  // Made once per channel (and again for a list when the members change).
  const roomSends = relaySends(wire, null);
  let listSends: Record<RelayChannel, PreparedBinaryEvent> | undefined;
  const socket = await RawSocketIo.connect(
    url,
    wire,
    {},
    {
      onEvent: (event, [payload]) => {
        const member = payload as { id?: unknown; code?: unknown };
        if (event === "server:error" && typeof member.code === "string") serverError = member.code;
        if (event === "peer:joined" && typeof member.id === "string") peers.add(member.id);
        if (event === "peer:left" && typeof member.id === "string") peers.delete(member.id);
        if (event === "peer:joined" || event === "peer:left") listSends = undefined;
      },
      onBinaryEvent: (event, bytes) => {
        if (event === "relay:message") handlers.onFrame(bytes);
        // As the web client's SignalingClient: a batch to the room carries the bot's own state too, which it skips.
        else if (event === "relay:batch") {
          for (const { from, data } of decodeRelayBatch(bytes) ?? []) if (from !== selfId) handlers.onFrame(data);
        }
      },
      onClose: (reason) => handlers.onDropped(serverError || reason),
    },
  );
  const toRoom: BotLink["send"] = (channel, bytes) => socket.sendBinary(roomSends[channel], bytes);
  // A list must name someone (a bot alone in its room has nobody to send to), and the server checks it is no longer
  // than a room holds.
  const toList: BotLink["send"] = (channel, bytes) => {
    if (peers.size === 0) return;
    listSends ??= relaySends(wire, [...peers]);
    socket.sendBinary(listSends[channel], bytes);
  };
  const link: BotLink = { send: isListSend ? toList : toRoom, close: () => socket.close() };
  try {
    const request = { protocolVersion, name: "bot" };
    const [answer] = await (code === undefined
      ? socket.emitWithAck("room:create", request, CONNECT_TIMEOUT_MS)
      : socket.emitWithAck("room:join", { ...request, code }, CONNECT_TIMEOUT_MS));
    const ack = answer as Ack<RoomJoined>;
    if (!ack.ok) throw new Error(`${code === undefined ? "room:create" : "room:join"}: ${ack.error.message}`);
    selfId = ack.data.selfId;
    for (const member of ack.data.members) if (member.id !== ack.data.selfId) peers.add(member.id);
    return { link, code: ack.data.code };
  } catch (error) {
    link.close();
    throw error;
  }
}

/**
 * The plain Socket.IO baseline: the same events and payloads, the room named in the handshake, Socket.IO's default
 * parser (what a plain Socket.IO relay runs).
 */
async function connectPlain(url: string, roomName: string, handlers: BotHandlers): Promise<BotLink> {
  const sends = relaySends("json", null);
  const socket = await RawSocketIo.connect(
    url,
    "json",
    { room: roomName },
    {
      onEvent: () => undefined,
      onBinaryEvent: (event, bytes) => {
        if (event === "relay:message") handlers.onFrame(bytes);
      },
      onClose: (reason) => handlers.onDropped(reason),
    },
  );
  return { send: (channel, bytes) => socket.sendBinary(sends[channel], bytes), close: () => socket.close() };
}

/** The `relay:send` of each channel, to `to`, without an ack (as the web client relays). */
function relaySends(wire: WireFormat, to: string[] | null): Record<RelayChannel, PreparedBinaryEvent> {
  return {
    state: new PreparedBinaryEvent(wire, "relay:send", { to, channel: "state" }),
    event: new PreparedBinaryEvent(wire, "relay:send", { to, channel: "event" }),
  };
}

/** The raw `ws` baseline: frames go as they are, one binary websocket message each. */
function connectWs(url: string, roomName: string, handlers: BotHandlers): Promise<BotLink> {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/?room=${encodeURIComponent(roomName)}`);
  let isClosing = false;
  socket.on("message", (data, isBinary) => {
    if (isBinary && data instanceof Buffer) handlers.onFrame(data);
  });
  const link: BotLink = {
    send: (_channel, bytes) => socket.send(bytes),
    close: () => {
      isClosing = true;
      socket.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once("open", () => {
      socket.on("close", (code) => {
        if (!isClosing) handlers.onDropped(`close ${code}`);
      });
      resolve(link);
    });
    socket.once("error", reject);
  });
}
