/** The demo's ship, as it is sent over the network: position and velocity in arena units, heading in radians. */
export interface Ship {
  position: [number, number];
  velocity: [number, number];
  heading: number;
}

/** What the player is pressing. */
export interface ShipInput {
  thrust: boolean;
  left: boolean;
  right: boolean;
}

export const ARENA = { width: 800, height: 500 } as const;

const THRUST = 400; // units/s²
const TURN_RATE = 3.5; // rad/s
const DRAG = 0.9; // fraction of speed lost per second
const MAX_SPEED = 350;

/** A new ship at a random spot, pointing up. */
export function spawnShip(random: () => number = Math.random): Ship {
  return {
    position: [ARENA.width * (0.2 + 0.6 * random()), ARENA.height * (0.2 + 0.6 * random())],
    velocity: [0, 0],
    heading: -Math.PI / 2,
  };
}

/** Advances a ship by `dt` seconds: turn, thrust along the heading, drag, speed cap, bounce off the walls. */
export function stepShip(ship: Ship, input: ShipInput, dt: number): Ship {
  const heading = ship.heading + (Number(input.right) - Number(input.left)) * TURN_RATE * dt;
  const accel = input.thrust ? THRUST : 0;
  let vx = (ship.velocity[0] + Math.cos(heading) * accel * dt) * (1 - DRAG * dt);
  let vy = (ship.velocity[1] + Math.sin(heading) * accel * dt) * (1 - DRAG * dt);
  const speed = Math.hypot(vx, vy);
  if (speed > MAX_SPEED) {
    vx *= MAX_SPEED / speed;
    vy *= MAX_SPEED / speed;
  }
  let x = ship.position[0] + vx * dt;
  let y = ship.position[1] + vy * dt;
  if (x < 0 || x > ARENA.width) {
    vx = -vx;
    x = Math.min(Math.max(x, 0), ARENA.width);
  }
  if (y < 0 || y > ARENA.height) {
    vy = -vy;
    y = Math.min(Math.max(y, 0), ARENA.height);
  }
  return { position: [x, y], velocity: [vx, vy], heading: Math.atan2(Math.sin(heading), Math.cos(heading)) };
}
