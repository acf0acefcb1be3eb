import type { LinkInfo } from "../net/index.js";
import type { DemoNetwork } from "./demo-network.js";
import { isMatchOn, isWatching, playersOf } from "./lobby/lobby-state.js";
import { pathLabel } from "./path-label.js";

export interface HudElements {
  players: HTMLElement;
  phase: HTMLElement;
  network: HTMLElement;
  /** Shown to a spectator only: it watches, and its keys fly nothing. */
  role: HTMLElement;
}

/**
 * How this player reaches the others, in a few words for the HUD: the path (one name when all agree, counts when
 * they differ) and the mean round trip.
 * @example linkSummary([{ path: "webrtc", webrtcRoute: "direct", rttMs: 12 }]) // "WebRTC direct · 12 ms"
 */
export function linkSummary(links: readonly Pick<LinkInfo, "path" | "webrtcRoute" | "rttMs">[]): string {
  if (links.length === 0) return "No one to reach yet";
  const byPath = new Map<string, number>();
  for (const link of links) {
    const label = pathLabel(link);
    byPath.set(label, (byPath.get(label) ?? 0) + 1);
  }
  const paths =
    byPath.size === 1 ? [...byPath.keys()].join("") : [...byPath].map(([label, n]) => `${n} ${label}`).join(", ");
  const rtts = links.flatMap(({ rttMs }) => (rttMs === null ? [] : [rttMs]));
  if (rtts.length === 0) return paths;
  return `${paths} · ${Math.round(rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length)} ms`;
}

/**
 * The arena's heads-up line: players in the room (and spectators), the match phase, whether this page only watches,
 * and this player's paths and ping.
 */
export class Hud {
  constructor(private readonly elements: HudElements) {}

  /** Follows this manager, refreshing once a second and on every room change; returns the function that stops. */
  attach(net: DemoNetwork): () => void {
    const refresh = (): void => this.show(net);
    const offs = (
      ["peer-joined", "peer-left", "link-changed", "room-settings-changed", "room-properties-changed"] as const
    ).map((event) => net.on(event, refresh));
    const timer = setInterval(refresh, 1000);
    refresh();
    return () => {
      clearInterval(timer);
      for (const off of offs) off();
    };
  }

  private show(net: DemoNetwork): void {
    const room = net.room;
    if (!room) return;
    const { players, phase, network, role } = this.elements;
    const capacity = net.lobby.settings?.capacity;
    const playing = playersOf(room.members).length;
    const watching = room.members.length - playing;
    players.textContent = `${playing}${capacity === undefined ? "" : `/${capacity}`} players${watching > 0 ? ` · ${watching} watching` : ""}${net.lobby.settings?.locked ? " · locked" : ""}`;
    role.hidden = !isWatching(room);
    phase.textContent = isMatchOn(net.lobby.roomProperties) ? "Match on" : "Warm-up";
    phase.dataset.phase = isMatchOn(net.lobby.roomProperties) ? "match" : "lobby";
    network.textContent = linkSummary(net.getLinks());
  }
}
