import { GameNetworkManager, NetworkError, NetworkMode, type LinkInfo, type RoomInfo } from "../net/index.js";
import { byId, showError, clearError } from "./dom.js";
import { runGame, SHIP_SCHEMA } from "./game-loop.js";
import { InputState } from "./input.js";
import { DebugOverlay } from "./overlay.js";

/** The demo page: lobby, the arena, member list with each peer's link path, chat, and the network overlay. */
let net: GameNetworkManager | undefined;
let stopSession: (() => void) | undefined;
let tag: (() => void) | undefined;

const lobby = byId("lobby", HTMLElement);
const roomSection = byId("room", HTMLElement);
const nameInput = byId("name", HTMLInputElement);
const codeInput = byId("code", HTMLInputElement);
const membersList = byId("members", HTMLUListElement);
const eventLog = byId("event-log", HTMLUListElement);
const eventText = byId("event-text", HTMLInputElement);
const modeSelect = byId("mode", HTMLSelectElement);
const arena = byId("arena", HTMLCanvasElement);
const input = new InputState(document.querySelectorAll<HTMLElement>(".touch [data-control]"));
const overlay = new DebugOverlay(
  byId("overlay", HTMLElement),
  byId("overlay-rows", HTMLTableSectionElement),
  byId("rtt-chart", HTMLCanvasElement),
);
const inviteLink = byId("invite-link", HTMLAnchorElement);

byId("create", HTMLElement).addEventListener("click", () => void enterRoom((manager) => manager.createRoom()));
byId("join-form", HTMLElement).addEventListener("submit", (event) => {
  event.preventDefault();
  void enterRoom((manager) => manager.joinRoom(codeInput.value));
});
byId("event-form", HTMLElement).addEventListener("submit", (event) => {
  event.preventDefault();
  if (!net || eventText.value.trim() === "") return;
  net.sendEvent("chat", { text: eventText.value });
  eventText.value = "";
});
modeSelect.addEventListener("change", () => net?.setMode(modeSelect.value as NetworkMode));
byId("leave", HTMLElement).addEventListener("click", () => void net?.leave().finally(showLobby));
byId("toggle-overlay", HTMLElement).addEventListener("click", () => overlay.toggle());
byId("tag-button", HTMLElement).addEventListener("click", () => tag?.());
byId("copy-invite", HTMLElement).addEventListener(
  "click",
  () => void navigator.clipboard.writeText(inviteLink.href).catch(() => undefined),
);
addEventListener("keydown", (event) => {
  if (event.target instanceof HTMLInputElement || !net) return;
  if (event.code === "Backquote") overlay.toggle();
  if (event.code === "Space") {
    event.preventDefault();
    tag?.();
  }
});

const invitedCode = new URLSearchParams(location.search).get("room");
if (invitedCode) void enterRoom((manager) => manager.joinRoom(invitedCode));

async function enterRoom(enter: (manager: GameNetworkManager) => Promise<RoomInfo>): Promise<void> {
  clearError();
  const manager = new GameNetworkManager({ name: nameInput.value.trim() || undefined, stateSchema: SHIP_SCHEMA });
  try {
    const room = await enter(manager);
    net = manager;
    wire(manager);
    showRoom(room);
    const game = runGame(manager, arena, input);
    const detachOverlay = overlay.attach(manager, () => manager.room?.members ?? []);
    tag = game.tag;
    stopSession = () => {
      game.stop();
      detachOverlay();
      tag = undefined;
    };
  } catch (error) {
    showError(error instanceof NetworkError ? describe(error) : String(error));
  }
}

function describe(error: NetworkError): string {
  switch (error.code) {
    case "room-not-found":
      return "No room with that code. Check the code and try again.";
    case "room-full":
      return "That room is full.";
    case "incompatible-version":
      return `This page and the server do not speak the same protocol: ${error.message}`;
    case "server-unreachable":
      return "Cannot reach the game server. Check your connection and try again.";
    case "invalid-payload":
      return "That is not a valid room code.";
    default:
      return error.message;
  }
}

function wire(manager: GameNetworkManager): void {
  const render = (): void => renderMembers(manager);
  manager.on("peer-joined", render);
  manager.on("peer-left", render);
  manager.on("host-changed", render);
  manager.on("link-changed", render);
  const nameOf = (id: string): string => manager.room?.members.find((member) => member.id === id)?.name ?? id;
  manager.on("event", ({ from, type, payload }) => {
    const { text, target } = (payload ?? {}) as { text?: unknown; target?: unknown };
    const entry = document.createElement("li");
    entry.dataset.testid = "event-entry";
    entry.dataset.from = from;
    entry.dataset.type = type;
    if (type === "tag" && typeof target === "string") {
      entry.textContent = `${nameOf(from)} tagged ${target === manager.room?.selfId ? "you" : nameOf(target)}!`;
    } else {
      entry.textContent = `${nameOf(from)}: ${typeof text === "string" ? text : JSON.stringify(payload)}`;
    }
    eventLog.prepend(entry);
  });
  manager.on("error", (error) => console.warn("[rallypoint]", error.code, error.message));
  manager.on("reconnecting", () => showError("Connection lost; reconnecting..."));
  manager.on("resumed", () => {
    clearError();
    render();
  });
  manager.on("disconnected", (reason) => {
    showLobby();
    showError(
      reason === "room-lost"
        ? "The game server no longer has this room (it may have restarted)."
        : "Lost the connection to the game server.",
    );
  });
}

function showRoom(room: RoomInfo): void {
  lobby.hidden = true;
  roomSection.hidden = false;
  byId("room-code", HTMLElement).textContent = room.code;
  const invite = byId("invite-link", HTMLAnchorElement);
  invite.href = `${location.origin}/?room=${room.code}`;
  invite.textContent = invite.href;
  history.replaceState(null, "", `/?room=${room.code}`);
  eventLog.replaceChildren();
  modeSelect.value = net?.getMode() ?? NetworkMode.Hybrid;
  if (net) renderMembers(net);
}

function showLobby(): void {
  stopSession?.();
  stopSession = undefined;
  net = undefined;
  roomSection.hidden = true;
  lobby.hidden = false;
  history.replaceState(null, "", "/");
}

function renderMembers(manager: GameNetworkManager): void {
  const room = manager.room;
  if (!room) return;
  const links = new Map<string, LinkInfo>(manager.getLinks().map((link) => [link.peerId, link]));
  membersList.replaceChildren(
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
      const badges = document.createElement("span");
      badges.textContent = [isSelf ? "(you)" : "", isHost ? "★ host" : ""].filter(Boolean).join(" ");
      const path = document.createElement("span");
      path.dataset.testid = "member-path";
      path.className = "path";
      const link = links.get(member.id);
      path.textContent = isSelf ? "self" : (link?.path ?? "relay");
      const state = document.createElement("span");
      state.dataset.testid = "member-state";
      state.className = "path";
      state.textContent = link ? `(${link.state}${link.rttMs === null ? "" : `, ${link.rttMs.toFixed(1)} ms`})` : "";
      item.append(name, badges, path, state);
      return item;
    }),
  );
}
