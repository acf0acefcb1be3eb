import type { LinkInfo } from "../net/index.js";
import type { DemoNetwork } from "./demo-network.js";
import { isMatchOn } from "./lobby/lobby-state.js";
import { pathLabel } from "./path-label.js";

export interface HudElements {
  players: HTMLElement;
  phase: HTMLElement;
  network: HTMLElement;
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

/** The arena's heads-up line: players in the room, the match phase, and this player's paths and ping. */
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
    const { players, phase, network } = this.elements;
    const capacity = net.lobby.settings?.capacity;
    players.textContent = `${room.members.length}${capacity === undefined ? "" : `/${capacity}`} players${net.lobby.settings?.locked ? " · locked" : ""}`;
    phase.textContent = isMatchOn(net.lobby.roomProperties) ? "Match on" : "Warm-up";
    phase.dataset.phase = isMatchOn(net.lobby.roomProperties) ? "match" : "lobby";
    network.textContent = linkSummary(net.getLinks());
  }
}
