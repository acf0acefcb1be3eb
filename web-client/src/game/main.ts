import {
  GameNetworkManager,
  NetworkError,
  NetworkMode,
  isRoomCode,
  normalizeRoomCode,
  type RoomInfo,
} from "../net/index.js";
import { ConditionsPanel } from "./conditions-panel.js";
import type { DemoEvents, DemoNetwork } from "./demo-network.js";
import { byId, showError, clearError } from "./dom.js";
import { errorMessage } from "./error-messages.js";
import { runGame, SHIP_SCHEMA } from "./game-loop.js";
import { InputState, isTypingTarget } from "./input.js";
import { renderMembers } from "./members.js";
import type { Ship } from "./ship.js";
import { DebugOverlay } from "./overlay.js";

/** The demo page: lobby, the arena, member list with each peer's link path, chat, and the network overlay. */
let net: DemoNetwork | undefined;
let stopSession: (() => void) | undefined;
let tag: (() => string | null) | undefined;

const lobby = byId("lobby", HTMLElement);
const roomSection = byId("room", HTMLElement);
const nameInput = byId("name", HTMLInputElement);
const codeInput = byId("code", HTMLInputElement);
const membersList = byId("members", HTMLUListElement);
const eventLog = byId("event-log", HTMLUListElement);
const eventText = byId("event-text", HTMLInputElement);
const modeSelect = byId("mode", HTMLSelectElement);
const arena = byId("arena", HTMLCanvasElement);
const toast = byId("game-toast", HTMLElement);
const copyStatus = byId("copy-status", HTMLElement);
const inviteLink = byId("invite-link", HTMLAnchorElement);
const input = new InputState(document.querySelectorAll<HTMLElement>(".touch [data-control]"));
const overlay = new DebugOverlay({
  root: byId("overlay", HTMLElement),
  toggleButton: byId("toggle-overlay", HTMLElement),
  table: byId("overlay-rows", HTMLTableSectionElement),
  rttChart: byId("rtt-chart", HTMLCanvasElement),
  bandwidthChart: byId("bandwidth-chart", HTMLCanvasElement),
});
const conditionsPanel = new ConditionsPanel({
  form: byId("conditions", HTMLFormElement),
  preset: byId("conditions-preset", HTMLSelectElement),
  latency: byId("latency", HTMLInputElement),
  jitter: byId("jitter", HTMLInputElement),
  loss: byId("loss", HTMLInputElement),
  status: byId("conditions-status", HTMLElement),
});

byId("create-form", HTMLFormElement).addEventListener("submit", (event) => {
  event.preventDefault();
  void enterRoom((manager) => manager.createRoom());
});
byId("join-form", HTMLFormElement).addEventListener("submit", (event) => {
  event.preventDefault();
  const code = normalizeRoomCode(codeInput.value);
  if (code === "" || !isRoomCode(code)) {
    showError(
      code === ""
        ? "Enter the room code you were given, or create a room."
        : `"${codeInput.value.trim()}" is not a room code: codes are 6 letters and digits, like K7MQ2X.`,
    );
    codeInput.focus();
    return;
  }
  void enterRoom((manager) => manager.joinRoom(code));
});
byId("event-form", HTMLFormElement).addEventListener("submit", (event) => {
  event.preventDefault();
  if (!net || eventText.value.trim() === "") return;
  net.sendEvent("chat", { text: eventText.value });
  eventText.value = "";
});
modeSelect.addEventListener("change", () => {
  const mode = Object.values(NetworkMode).find((known) => known === modeSelect.value);
  if (mode) net?.setMode(mode);
});
byId("leave", HTMLElement).addEventListener("click", () => void net?.leave().finally(showLobby));
byId("toggle-overlay", HTMLElement).addEventListener("click", () => overlay.toggle());
byId("tag-button", HTMLElement).addEventListener("click", () => tagNearest());
byId("copy-invite", HTMLElement).addEventListener("click", () => void copyInvite());
addEventListener("keydown", (event) => {
  if (!net || isTypingTarget(event.target)) return;
  if (event.code === "Backquote") overlay.toggle();
  // Space on a focused button or link presses it; everywhere else it tags.
  if (
    event.code === "Space" &&
    !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)
  ) {
    event.preventDefault();
    tagNearest();
  }
});

const invitedCode = new URLSearchParams(location.search).get("room");
if (invitedCode) void enterRoom((manager) => manager.joinRoom(invitedCode));

async function enterRoom(enter: (manager: DemoNetwork) => Promise<RoomInfo>): Promise<void> {
  clearError();
  const manager = new GameNetworkManager<Ship, DemoEvents>({
    name: nameInput.value.trim() || undefined,
    stateSchema: SHIP_SCHEMA,
  });
  setBusy(true);
  try {
    const room = await enter(manager);
    net = manager;
    wire(manager);
    showRoom(room);
    const game = runGame(manager, arena, input);
    const detachOverlay = overlay.attach(manager, () => manager.room?.members ?? []);
    const detachConditions = conditionsPanel.attach(manager);
    tag = game.tag;
    stopSession = () => {
      game.stop();
      detachOverlay();
      detachConditions();
      tag = undefined;
    };
    arena.focus();
  } catch (error) {
    showError(error instanceof NetworkError ? errorMessage(error) : String(error));
    history.replaceState(null, "", "/");
  } finally {
    setBusy(false);
  }
}

function setBusy(isBusy: boolean): void {
  for (const button of lobby.querySelectorAll("button")) button.disabled = isBusy;
  lobby.ariaBusy = String(isBusy);
}

function wire(manager: DemoNetwork): void {
  const render = (): void => renderMembers(membersList, manager);
  manager.on("peer-joined", render);
  manager.on("peer-left", render);
  manager.on("host-changed", render);
  manager.on("link-changed", render);
  const nameOf = (id: string): string => manager.room?.members.find((member) => member.id === id)?.name ?? id;
  manager.on("event", ({ from, type, payload }) => {
    const entry = document.createElement("li");
    entry.dataset.testid = "event-entry";
    entry.dataset.from = from;
    entry.dataset.type = type;
    if (type === "tag") {
      const isMe = payload.target === manager.room?.selfId;
      entry.textContent = `${nameOf(from)} tagged ${isMe ? "you" : nameOf(payload.target)}!`;
      showToast(entry.textContent);
    } else {
      entry.textContent = `${nameOf(from)}: ${payload.text}`;
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

function tagNearest(): void {
  if (!tag) return;
  const target = tag();
  const name = target && net?.room?.members.find((member) => member.id === target)?.name;
  showToast(name ? `You tagged ${name}!` : "No ship in range: get closer to tag one.");
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
function showToast(text: string): void {
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toast.hidden = true), 2500);
}

async function copyInvite(): Promise<void> {
  try {
    await navigator.clipboard.writeText(inviteLink.href);
    copyStatus.textContent = "Copied!";
  } catch {
    copyStatus.textContent = "Could not copy: select the link and copy it.";
  }
  setTimeout(() => (copyStatus.textContent = ""), 3000);
}

function showRoom(room: RoomInfo): void {
  lobby.hidden = true;
  roomSection.hidden = false;
  byId("room-code", HTMLElement).textContent = room.code;
  inviteLink.href = `${location.origin}/?room=${room.code}`;
  inviteLink.textContent = inviteLink.href;
  history.replaceState(null, "", `/?room=${room.code}`);
  eventLog.replaceChildren();
  modeSelect.value = net?.getMode() ?? NetworkMode.Hybrid;
  if (net) renderMembers(membersList, net);
}

function showLobby(): void {
  stopSession?.();
  stopSession = undefined;
  net = undefined;
  toast.hidden = true;
  roomSection.hidden = true;
  lobby.hidden = false;
  history.replaceState(null, "", "/");
  byId("create", HTMLElement).focus();
}
