import type { Member } from "../../net/index.js";

/** The two sides a player can pick in the lobby. */
export const TEAMS = ["red", "blue"] as const;
export type Team = (typeof TEAMS)[number];

/** How each team shows: on the arena (rings), and in the lobby (chips, picker). */
export const TEAM_COLOURS: Record<Team, string> = { red: "#ff4d5e", blue: "#3d9bff" };

/** Ship colours a player can pick: distinct, and readable as text on the dark arena. */
export const SHIP_COLOURS = ["#ff5d73", "#ffb547", "#ffe45e", "#5ee08f", "#4fd8ff", "#7c8cff", "#c77dff", "#ff7ad9"];

/** What each player says about itself in the lobby (`net.lobby.setMyProperties`). */
export interface DemoPlayerProps {
  ready: boolean;
  team: Team;
  color: string;
}

/**
 * What the room says about itself: its name and game mode (set at creation, shown in the public games list), and
 * the host's match phase: still gathering players, or playing a match.
 */
export interface DemoRoomProps {
  name: string;
  mode: "tag";
  phase: "lobby" | "match";
}

/** A player's lobby properties as another browser sent them: checked before use, anything odd left out. */
export interface PlayerView {
  ready: boolean;
  team: Team | undefined;
  color: string | undefined;
}

/** Reads a member's properties defensively: they come from another player's page, unchecked by the server. */
export function playerView(properties: Readonly<Record<string, unknown>> | undefined): PlayerView {
  const team = TEAMS.find((known) => known === properties?.team);
  const color = SHIP_COLOURS.find((known) => known === properties?.color);
  return { ready: properties?.ready === true, team, color };
}

/** Whether the host's room properties say a match is on. */
export function isMatchOn(properties: Readonly<Record<string, unknown>>): boolean {
  return properties.phase === "match";
}

/** The members who play: spectators (`joinRoom(code, { spectator: true })`) only watch. */
export function playersOf(members: readonly Member[]): Member[] {
  return members.filter((member) => member.spectator !== true);
}

/** Whether this page's member of `room` watches rather than plays. */
export function isWatching(room: { members: readonly Member[]; selfId: string } | undefined): boolean {
  return room?.members.some((member) => member.id === room.selfId && member.spectator === true) === true;
}

/** How many players are ready; a match may start once there are two or more and all of them are. Spectators apart. */
export function readiness(members: readonly Member[]): { ready: number; total: number; canStart: boolean } {
  const players = playersOf(members);
  const ready = players.filter((member) => playerView(member.properties).ready).length;
  return { ready, total: players.length, canStart: players.length >= 2 && ready === players.length };
}

/** The team with fewer players among the others (red on a tie): where a newcomer evens things out. */
export function smallerTeam(members: readonly Member[], selfId: string): Team {
  const count = (team: Team): number =>
    members.filter((member) => member.id !== selfId && playerView(member.properties).team === team).length;
  return count("blue") < count("red") ? "blue" : "red";
}
