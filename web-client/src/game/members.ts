import type { LinkInfo } from "../net/index.js";
import type { DemoNetwork } from "./demo-network.js";

/** Fills the player list: name, "you" and "host" badges, and how this player reaches each other one. */
export function renderMembers(list: HTMLUListElement, manager: DemoNetwork): void {
  const room = manager.room;
  if (!room) return;
  const links = new Map<string, LinkInfo>(manager.getLinks().map((link) => [link.peerId, link]));
  list.replaceChildren(
    ...room.members.map((member) => {
      const isSelf = member.id === room.selfId;
      const isHost = member.id === room.hostId;
      const item = document.createElement("li");
      item.dataset.testid = "member";
      item.dataset.peerId = member.id;
      item.dataset.self = String(isSelf);
      item.dataset.host = String(isHost);
      const name = document.createElement("span");
      name.dataset.testid = "member-name";
      name.textContent = member.name;
      item.append(name);
      if (isSelf) item.append(badge("you", "self"));
      if (isHost) item.append(badge("★ host", "host"));
      const path = document.createElement("span");
      path.dataset.testid = "member-path";
      path.className = "path";
      const link = links.get(member.id);
      path.textContent = isSelf ? "self" : (link?.path ?? "relay");
      const state = document.createElement("span");
      state.dataset.testid = "member-state";
      state.className = "path";
      state.textContent = link ? `(${link.state}${link.rttMs === null ? "" : `, ${link.rttMs.toFixed(1)} ms`})` : "";
      item.append(path, state);
      return item;
    }),
  );
}

function badge(text: string, kind: string): HTMLElement {
  const element = document.createElement("span");
  element.className = `badge ${kind}`;
  element.dataset.testid = `${kind}-badge`;
  element.textContent = text;
  return element;
}
