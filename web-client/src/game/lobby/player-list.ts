import type { LinkInfo, Member } from "../../net/index.js";
import type { DemoNetwork } from "../demo-network.js";
import { element, eyeIcon } from "../dom.js";
import { colourFor } from "../renderer.js";
import { playerView, type PlayerView } from "./lobby-state.js";

/** What the list does when the host presses a row's remove button. */
export type KickHandler = (member: Member) => void;

/**
 * Fills the lobby's player list: an avatar in the player's ship colour, the name with host crown and "you" badges,
 * team and ready marks, how this player reaches that one, and (for the host only) a button removing that player.
 * Spectators come after the players, marked with an eye instead of team and ready marks.
 */
export function renderPlayerList(list: HTMLUListElement, manager: DemoNetwork, onKick: KickHandler): void {
  const room = manager.room;
  if (!room) return;
  const links = new Map<string, LinkInfo>(manager.getLinks().map((link) => [link.peerId, link]));
  const isHost = manager.lobby.isHost;
  // The list is rebuilt on every change: keep a focused remove button focused across it.
  const focusedKick = list.contains(document.activeElement)
    ? document.activeElement?.closest("li")?.dataset.peerId
    : undefined;
  // Colours follow join order, as on the arena; spectators are listed after the players.
  const inOrder = room.members.map((member, index) => ({ member, index }));
  const listed = [
    ...inOrder.filter(({ member }) => !member.spectator),
    ...inOrder.filter(({ member }) => member.spectator),
  ];
  list.replaceChildren(
    ...listed.map(({ member, index }) => {
      const isSelf = member.id === room.selfId;
      const isSpectator = member.spectator === true;
      const view = playerView(member.properties);
      const item = element("li", `player${isSpectator ? " is-spectator" : ""}`);
      Object.assign(item.dataset, {
        testid: "member",
        peerId: member.id,
        self: String(isSelf),
        host: String(member.id === room.hostId),
        ready: String(view.ready),
        team: view.team ?? "",
        spectator: String(isSpectator),
      });
      const avatar = element("span", "avatar", isSpectator ? "" : member.name.slice(0, 1).toUpperCase() || "?");
      if (isSpectator) avatar.append(eyeIcon());
      avatar.ariaHidden = "true";
      avatar.style.setProperty("--player-colour", view.color ?? colourFor(index));
      const details = isSpectator ? watching() : marks(view);
      item.append(avatar, who(member, isSelf, member.id === room.hostId, links.get(member.id)), details);
      if (isHost && !isSelf) {
        const kick = element("button", "kick", "✕");
        kick.type = "button";
        kick.ariaLabel = `Remove ${member.name} from the room`;
        kick.title = `Remove ${member.name}`;
        kick.addEventListener("click", () => onKick(member));
        item.append(kick);
        if (member.id === focusedKick) queueMicrotask(() => kick.focus());
      }
      return item;
    }),
  );
}

function who(member: Member, isSelf: boolean, isHost: boolean, link: LinkInfo | undefined): HTMLElement {
  const box = element("div", "who");
  const line = element("span", "name-line");
  const name = element("span", "name", member.name);
  name.dataset.testid = "member-name";
  line.append(name);
  if (isHost) {
    const crown = badge("♛", "host");
    crown.title = "Host";
    crown.append(element("span", "visually-hidden", " host"));
    line.append(crown);
  }
  if (isSelf) line.append(badge("you", "self"));
  const path = element("span", "path", isSelf ? "self" : (link?.path ?? "relay"));
  path.dataset.testid = "member-path";
  // The link's state only when it says more than its path (upgrading, failed-webrtc...), then its round trip.
  const details = link
    ? [link.state === link.path ? "" : link.state, link.rttMs === null ? "" : `${link.rttMs.toFixed(0)} ms`]
    : [];
  const state = element("span", "path", details.filter(Boolean).join(", "));
  state.dataset.testid = "member-state";
  const meta = element("span", "meta");
  meta.append(path, state.textContent === "" ? "" : " · ", state);
  box.append(line, meta);
  return box;
}

function marks(view: PlayerView): HTMLElement {
  const box = element("span", "marks");
  const team = element(
    "span",
    `team-chip ${view.team ?? "none"}`,
    view.team === undefined ? "No team" : capital(view.team),
  );
  team.dataset.testid = "member-team";
  const ready = element("span", `ready-mark${view.ready ? " is-ready" : ""}`, view.ready ? "✓ Ready" : "Not ready");
  ready.dataset.testid = "member-ready";
  box.append(team, ready);
  return box;
}

/** A spectator's mark, where a player's team and ready marks go. */
function watching(): HTMLElement {
  const box = element("span", "marks");
  const mark = element("span", "spectator-mark");
  mark.dataset.testid = "spectator-mark";
  mark.append(eyeIcon(), "Watching");
  box.append(mark);
  return box;
}

function badge(text: string, kind: string): HTMLElement {
  const span = element("span", `badge ${kind}`, text);
  span.dataset.testid = `${kind}-badge`;
  return span;
}

export const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
