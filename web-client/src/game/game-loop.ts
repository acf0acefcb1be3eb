import { ANGLE_16_BITS, defineSchema } from "../net/index.js";
import type { DemoNetwork } from "./demo-network.js";
import type { InputState } from "./input.js";
import { isWatching, playerView, TEAM_COLOURS } from "./lobby/lobby-state.js";
import { colourFor, drawArena, type DrawnShip } from "./renderer.js";
import { spawnShip, stepShip, type Ship } from "./ship.js";

/** How ships travel: interpolated and predicted by position/velocity, positions in 1/100 units, heading in 16 bits. */
export const SHIP_SCHEMA = defineSchema({
  position: { type: "vector", velocity: "velocity", precision: 0.01 },
  velocity: { type: "vector", precision: 0.01 },
  heading: { type: "angle", precision: ANGLE_16_BITS },
});

const TAG_RANGE = 150;
const FLASH_SECONDS = 0.6;

/** What the page exposes for tests: every ship as last drawn, by member id. */
export interface RenderedShips {
  ships: Record<string, { x: number; y: number; heading: number }>;
}

declare global {
  interface Window {
    rallypointDemo?: RenderedShips;
  }
}

/**
 * A running arena. `tag` tags the nearest other ship within range, a reliable event everyone sees, and returns its
 * member id (null when no ship is in range).
 */
export interface GameSession {
  stop: () => void;
  tag: () => string | null;
}

/**
 * Runs the arena: the own ship responds to input at once and is published with setLocalState every frame (the
 * library throttles), remote ships are drawn from the library's interpolated view. A spectator has no ship: its input
 * moves nothing, and it sees the players' ships only. Returns the function that stops.
 */
export function runGame(net: DemoNetwork, canvas: HTMLCanvasElement, input: InputState): GameSession {
  const context = canvas.getContext("2d");
  let ship: Ship = spawnShip();
  let last = performance.now();
  let frame = 0;
  const flashes = new Map<string, number>();
  const rendered: RenderedShips = { ships: {} };
  window.rallypointDemo = rendered;

  const offTag = net.on("event", ({ type, payload }) => {
    if (type === "tag") flashes.set(payload.target, FLASH_SECONDS);
  });

  const isSpectator = isWatching(net.room);
  const step = (now: number): void => {
    const dt = Math.min(0.1, (now - last) / 1000);
    last = now;
    if (!isSpectator) {
      ship = stepShip(ship, input.current, dt);
      net.setLocalState({ ...ship });
    }
    const room = net.room;
    if (room && context) {
      const ships: DrawnShip[] = room.members.flatMap((member, index) => {
        if (member.spectator === true) return [];
        const isSelf = member.id === room.selfId;
        const state = isSelf ? ship : net.getRemoteState(member.id);
        if (!state) return [];
        const flash = Math.max(0, (flashes.get(member.id) ?? 0) - dt);
        flashes.set(member.id, flash);
        const { color, team } = playerView(member.properties);
        return [
          {
            id: member.id,
            name: member.name,
            ship: state,
            colour: color ?? colourFor(index),
            isHost: member.id === room.hostId,
            isSelf,
            flash,
            ...(isSelf && { tagRange: TAG_RANGE }),
            ...(team && { teamColour: TEAM_COLOURS[team] }),
          },
        ];
      });
      drawArena(context, ships);
      rendered.ships = Object.fromEntries(
        ships.map(({ id, ship: s }) => [id, { x: s.position[0], y: s.position[1], heading: s.heading }]),
      );
    }
    frame = requestAnimationFrame(step);
  };
  frame = requestAnimationFrame(step);

  return {
    stop: () => {
      cancelAnimationFrame(frame);
      offTag();
      delete window.rallypointDemo;
    },
    tag: () => {
      if (isSpectator) return null;
      const nearest = Object.entries(rendered.ships)
        .filter(([id]) => id !== net.room?.selfId)
        .map(([id, s]) => ({ id, distance: Math.hypot(s.x - ship.position[0], s.y - ship.position[1]) }))
        .sort((a, b) => a.distance - b.distance)[0];
      if (!nearest || nearest.distance > TAG_RANGE) return null;
      flashes.set(nearest.id, FLASH_SECONDS);
      net.sendEvent("tag", { target: nearest.id });
      return nearest.id;
    },
  };
}
