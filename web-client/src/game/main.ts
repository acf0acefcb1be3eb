import { GameNetworkManager, NetworkError, NetworkMode, type DisconnectReason, type RoomInfo } from "../net/index.js";
import { ConditionsPanel } from "./conditions-panel.js";
import { DiagnosisPanel } from "./diagnosis-panel.js";
import type { DemoNetwork } from "./demo-network.js";
import { byId, showError, clearError } from "./dom.js";
import { errorMessage } from "./error-messages.js";
import { runGame, SHIP_SCHEMA } from "./game-loop.js";
import { Hud } from "./hud.js";
import { InputState, isTypingTarget } from "./input.js";
import { inviteLinkFor, roomCodeFrom } from "./invite-link.js";
import { LobbyPanel } from "./lobby/lobby-panel.js";
import { PublicGames } from "./lobby/public-games.js";
import { isWatching } from "./lobby/lobby-state.js";
import { DEMO_MODE, newRoomProperties } from "./lobby/public-games-state.js";
import { TitleScreen } from "./lobby/title-screen.js";
import { DebugOverlay } from "./overlay.js";
import { RoomFeed } from "./room-feed.js";

/** The demo page: title screen, then the room: arena and HUD, the lobby panel, chat, and the network overlay. */
let net: DemoNetwork | undefined;
let stopSession: (() => void) | undefined;
let tag: (() => string | null) | undefined;

const roomSection = byId("room", HTMLElement);
const modeSelect = byId("mode", HTMLSelectElement);
const arena = byId("arena", HTMLCanvasElement);
const copyStatus = byId("copy-status", HTMLElement);
const inviteLink = byId("invite-link", HTMLAnchorElement);
const eventText = byId("event-text", HTMLInputElement);
const codeInput = byId("code", HTMLInputElement);
const eventForm = byId("event-form", HTMLFormElement);
const shipControls = byId("ship-controls", HTMLElement);
const input = new InputState(document.querySelectorAll<HTMLElement>(".touch [data-control]"));
const feed = new RoomFeed({
  log: byId("event-log", HTMLUListElement),
  toast: byId("game-toast", HTMLElement),
});
const title = new TitleScreen(
  {
    root: byId("lobby", HTMLElement),
    createForm: byId("create-form", HTMLFormElement),
    joinForm: byId("join-form", HTMLFormElement),
    name: byId("name", HTMLInputElement),
    code: codeInput,
    swatches: byId("swatches", HTMLElement),
    publicToggle: byId("public-room", HTMLInputElement),
  },
  {
    create: () =>
      void enterRoom((manager) =>
        manager.createRoom({ public: title.isPublic, properties: newRoomProperties(title.name) }),
      ),
    join: (code, options) => void enterRoom((manager) => manager.joinRoom(code, options)),
    refuse: showError,
  },
);
// Lists public games from the title screen: a manager of its own, since the one that enters a room takes the
// player's name as it is then. Its connection idles while in a room (the server closes it after a while).
const publicGames = new PublicGames(
  {
    list: byId("public-games", HTMLUListElement),
    status: byId("public-games-status", HTMLElement),
    refreshButton: byId("refresh-games", HTMLButtonElement),
    quickJoinButton: byId("quick-join", HTMLButtonElement),
  },
  new GameNetworkManager(),
  {
    join: (code) => void enterRoom((manager) => manager.joinRoom(code)),
    watch: (code) => void enterRoom((manager) => manager.joinRoom(code, { spectator: true })),
    quickJoin: () =>
      void enterRoom((manager) =>
        manager.quickJoin({ filter: { mode: DEMO_MODE }, create: { properties: newRoomProperties(title.name) } }),
      ),
  },
);
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
const diagnosisPanel = new DiagnosisPanel({
  button: byId("check-network", HTMLButtonElement),
  status: byId("diagnosis-status", HTMLElement),
  findings: byId("diagnosis-findings", HTMLUListElement),
});
const lobbyPanel = new LobbyPanel(
  {
    list: byId("members", HTMLUListElement),
    count: byId("player-count", HTMLElement),
    lockState: byId("lock-state", HTMLElement),
    lockButton: byId("lock-room", HTMLButtonElement),
    teamPicker: byId("team-picker", HTMLFieldSetElement),
    readyButton: byId("ready", HTMLButtonElement),
    startButton: byId("start-match", HTMLButtonElement),
    status: byId("lobby-status", HTMLElement),
  },
  {
    announce: (text) => feed.announce(text),
    fail: (error) => showError(error instanceof NetworkError ? errorMessage(error) : String(error)),
  },
);
const hud = new Hud({
  players: byId("hud-players", HTMLElement),
  phase: byId("hud-phase", HTMLElement),
  network: byId("hud-network", HTMLElement),
  role: byId("hud-role", HTMLElement),
});

eventForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!net || eventText.value.trim() === "") return;
  net.sendEvent("chat", { text: eventText.value });
  eventText.value = "";
});
modeSelect.addEventListener("change", () => {
  const mode = Object.values(NetworkMode).find((known) => known === modeSelect.value);
  if (mode) net?.setMode(mode);
});
byId("leave", HTMLElement).addEventListener("click", () => void net?.leave().finally(() => showTitle()));
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

publicGames.show(true);

// An invite link joins on opening; a malformed code in it goes to the server as it is, whose refusal then shows.
const invitedCode = new URLSearchParams(location.search).get("room");
if (invitedCode) {
  const field = roomCodeFrom(location.href);
  codeInput.value = field.ok ? field.code : invitedCode;
  void enterRoom((manager) => manager.joinRoom(field.ok ? field.code : invitedCode));
}

async function enterRoom(enter: (manager: DemoNetwork) => Promise<RoomInfo>): Promise<void> {
  clearError();
  const manager: DemoNetwork = new GameNetworkManager({ name: title.name || undefined, stateSchema: SHIP_SCHEMA });
  setBusy(true);
  try {
    const room = await enter(manager);
    net = manager;
    showRoom(room);
    const game = runGame(manager, arena, input);
    const detach = [
      feed.attach(manager),
      overlay.attach(manager, () => manager.room?.members ?? []),
      conditionsPanel.attach(manager),
      diagnosisPanel.attach(manager),
      lobbyPanel.attach(manager, title.colour),
      hud.attach(manager),
    ];
    manager.on("reconnecting", () => showError("Connection lost; reconnecting..."));
    manager.on("resumed", clearError);
    manager.on("disconnected", (reason) => showTitle(goodbye(reason, room.code)));
    tag = game.tag;
    stopSession = () => {
      game.stop();
      for (const off of detach) off();
      tag = undefined;
    };
    arena.focus();
  } catch (error) {
    showError(error instanceof NetworkError ? errorMessage(error) : String(error));
    history.replaceState(null, "", "/");
    // A listed room may have filled up or ended meanwhile: show the list as it is now.
    publicGames.refresh();
  } finally {
    setBusy(false);
  }
}

/** Why the session ended, as the title screen says it. */
function goodbye(reason: DisconnectReason, code: string): string {
  switch (reason) {
    case "kicked":
      return `The host removed you from room ${code}. Create a room of your own, or join another.`;
    case "room-lost":
      return "The game server no longer has this room (it may have restarted).";
    default:
      return "Lost the connection to the game server.";
  }
}

function tagNearest(): void {
  if (!tag || isWatching(net?.room)) return;
  const target = tag();
  const name = target && net?.room?.members.find((member) => member.id === target)?.name;
  feed.toast(name ? `You tagged ${name}!` : "No ship in range: get closer to tag one.");
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

function setBusy(isBusy: boolean): void {
  title.setBusy(isBusy);
  publicGames.setBusy(isBusy);
}

function showRoom(room: RoomInfo): void {
  title.show(false);
  publicGames.show(false);
  roomSection.hidden = false;
  byId("room-code", HTMLElement).textContent = room.code;
  inviteLink.href = inviteLinkFor(room.code, location.origin);
  inviteLink.textContent = inviteLink.href.replace(/^https?:\/\//, "");
  history.replaceState(null, "", `/?room=${room.code}`);
  modeSelect.value = net?.getMode() ?? NetworkMode.Hybrid;
  // A spectator sends nothing: no ship to steer, no tags, no chat.
  shipControls.hidden = isWatching(room);
  eventForm.hidden = isWatching(room);
}

function showTitle(message?: string): void {
  stopSession?.();
  stopSession = undefined;
  net = undefined;
  roomSection.hidden = true;
  title.show(true);
  publicGames.show(true);
  history.replaceState(null, "", "/");
  byId("create", HTMLElement).focus();
  if (message !== undefined) showError(message);
}
