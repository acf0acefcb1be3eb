import type { GameNetworkManager } from "../net/index.js";
import type { DemoPlayerProps, DemoRoomProps } from "./lobby/lobby-state.js";
import type { Ship } from "./ship.js";

/** The demo's reliable events, by type: a tag names the ship it hit, a chat line carries its text. */
export interface DemoEvents {
  tag: { target: string };
  chat: { text: string };
}

/**
 * The demo's manager: each player publishes its `Ship` as state and sends `DemoEvents`; the lobby carries the
 * room's phase and each player's ready mark, team and colour.
 */
export type DemoNetwork = GameNetworkManager<Ship, DemoEvents, DemoRoomProps, DemoPlayerProps>;
