import { SHIP_COLOURS } from "./lobby/lobby-state.js";
import { ARENA, type Ship } from "./ship.js";

/** One ship as the canvas shows it. */
export interface DrawnShip {
  id: string;
  name: string;
  ship: Ship;
  colour: string;
  isHost: boolean;
  isSelf: boolean;
  /** Flashes while > 0 (just got tagged). */
  flash: number;
  /** Drawn as a faint ring around the ship: how far its tag reaches (the own ship only). */
  tagRange?: number;
  /** The team's colour, drawn as a ring under the ship once its player picked a team. */
  teamColour?: string;
}

/** A stable, distinct colour per member (by join order), for players who did not pick one. */
export function colourFor(index: number): string {
  return SHIP_COLOURS[index % SHIP_COLOURS.length] ?? "#888";
}

/** Draws the arena and every ship on a canvas sized to the arena. */
export function drawArena(context: CanvasRenderingContext2D, ships: readonly DrawnShip[]): void {
  const glow = context.createRadialGradient(
    ARENA.width / 2,
    ARENA.height / 2,
    40,
    ARENA.width / 2,
    ARENA.height / 2,
    520,
  );
  glow.addColorStop(0, "#16204a");
  glow.addColorStop(1, "#070a16");
  context.fillStyle = glow;
  context.fillRect(0, 0, ARENA.width, ARENA.height);
  context.strokeStyle = "rgb(124 140 255 / 0.14)";
  context.lineWidth = 1;
  for (let x = 50; x < ARENA.width; x += 50) line(context, x, 0, x, ARENA.height);
  for (let y = 50; y < ARENA.height; y += 50) line(context, 0, y, ARENA.width, y);
  for (const drawn of ships) drawShip(context, drawn);
}

function line(context: CanvasRenderingContext2D, x1: number, y1: number, x2: number, y2: number): void {
  context.beginPath();
  context.moveTo(x1, y1);
  context.lineTo(x2, y2);
  context.stroke();
}

function drawShip(
  context: CanvasRenderingContext2D,
  { ship, colour, name, isHost, isSelf, flash, tagRange, teamColour }: DrawnShip,
): void {
  const [x, y] = ship.position;
  if (teamColour !== undefined) {
    context.save();
    context.strokeStyle = teamColour;
    context.globalAlpha = 0.55;
    context.lineWidth = 3;
    context.beginPath();
    context.arc(x, y, 20, 0, 2 * Math.PI);
    context.stroke();
    context.restore();
  }
  if (tagRange !== undefined) {
    context.save();
    context.strokeStyle = "rgb(255 255 255 / 0.12)";
    context.setLineDash([6, 6]);
    context.beginPath();
    context.arc(x, y, tagRange, 0, 2 * Math.PI);
    context.stroke();
    context.restore();
  }
  context.save();
  context.translate(x, y);
  context.rotate(ship.heading);
  context.beginPath();
  context.moveTo(16, 0);
  context.lineTo(-10, 9);
  context.lineTo(-6, 0);
  context.lineTo(-10, -9);
  context.closePath();
  context.fillStyle = flash > 0 ? "#ffffff" : colour;
  context.fill();
  if (isSelf) {
    context.strokeStyle = "#ffffff";
    context.lineWidth = 2;
    context.stroke();
  }
  context.restore();
  context.fillStyle = "#eef1fb";
  context.font = "600 13px system-ui, sans-serif";
  context.textAlign = "center";
  // Below the ship when it is at the top edge, where a label above would be cut off.
  context.fillText(`${isHost ? "♛ " : ""}${name}`, x, y < 30 ? y + 30 : y - 20);
}
