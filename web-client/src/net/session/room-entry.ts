import type { Properties, RoomFilter, RoomJoined } from "@rallypoint/protocol";
import type { ResolvedOptions } from "../manager-options.js";
import type { SignalingClient } from "../transport/signaling-client.js";
import type { CreateRoomOptions, QuickJoinOptions } from "./room-directory.js";

/** What asking for a seat needs of the manager: its signaling client and options. */
export interface Entrance {
  signaling: SignalingClient;
  options: ResolvedOptions;
}

/** Creates a room (`createRoom`), this player its host. */
export function createRoomSeat({ signaling, options }: Entrance, room: CreateRoomOptions<object>): Promise<RoomJoined> {
  const request = { name: options.name, public: room.public, properties: room.properties as Properties | undefined };
  return seatOrClose(signaling, () => signaling.enter("room:create", request));
}

/** How to join a room (`joinRoom`). */
export interface JoinRoomOptions {
  /**
   * Join to watch: receive every player's state and events, send none (`sendState`, `setLocalState`, `sendEvent`
   * and the lobby's changes throw `spectator`), never become host while a player is in the room. Spectators have
   * places of their own (the server's MAX_SPECTATORS, 8 by default), so a full room still takes them; their
   * members carry `spectator: true`. Default false.
   */
  spectator?: boolean;
}

/** Joins a room by code (`joinRoom`), on the seat this tab kept over a reload when there is one. */
export function joinRoomSeat(
  { signaling, options }: Entrance,
  code: string,
  join: JoinRoomOptions,
): Promise<RoomJoined> {
  return seatOrClose(
    signaling,
    async () =>
      (options.resumeAfterReload ? await signaling.resumeKeptSeat(code) : undefined) ??
      (await signaling.enter("room:join", { code, name: options.name, spectator: join.spectator })),
  );
}

/** Joins the fullest matching public room, or creates one when told (`quickJoin`). */
export function quickJoinSeat({ signaling, options }: Entrance, { filter, create }: QuickJoinOptions<object>) {
  const request = {
    filter: filter as RoomFilter | undefined,
    create: create as { properties?: Properties } | undefined,
  };
  return seatOrClose(signaling, () => signaling.enter("room:quick-join", { name: options.name, ...request }));
}

/** Leaves the room `session` is in, if any, and closes the connection either way (`leave`). */
export async function leaveSeat(signaling: SignalingClient, session: { close(): void } | undefined): Promise<void> {
  try {
    if (session) await signaling.leaveRoom();
  } finally {
    session?.close();
    signaling.close();
  }
}

/** Connects and asks for a seat; a refusal closes the connection, so a failed attempt holds nothing open. */
async function seatOrClose<T extends RoomJoined>(signaling: SignalingClient, request: () => Promise<T>): Promise<T> {
  try {
    await signaling.connect();
    return await request();
  } catch (error) {
    signaling.close();
    throw error;
  }
}
