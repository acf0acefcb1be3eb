import type { Member } from "../../net/index.js";
import type { DemoNetwork } from "../demo-network.js";
import {
  isMatchOn,
  isWatching,
  playerView,
  playersOf,
  readiness,
  smallerTeam,
  TEAMS,
  type PlayerView,
} from "./lobby-state.js";
import { capital, renderPlayerList } from "./player-list.js";

export interface LobbyPanelElements {
  list: HTMLUListElement;
  count: HTMLElement;
  lockState: HTMLElement;
  lockButton: HTMLButtonElement;
  teamPicker: HTMLFieldSetElement;
  readyButton: HTMLButtonElement;
  startButton: HTMLButtonElement;
  status: HTMLElement;
}

/** Where the panel reports: a lobby change worth saying out loud, or a request the server refused. */
export interface LobbyPanelOutput {
  announce: (text: string) => void;
  fail: (error: unknown) => void;
}

/**
 * The room's lobby: the player list, this player's team and ready mark, and the host's controls (remove a player,
 * lock the room, start the match once everyone is ready). All of it lives in the library's room and player
 * properties, so every page shows the same lobby and a late joiner sees it as it is.
 */
export class LobbyPanel {
  private net: DemoNetwork | undefined;
  /** Names and lobby marks as last shown, to say who left and what changed. */
  private known = new Map<string, { name: string; view: PlayerView }>();

  constructor(
    private readonly elements: LobbyPanelElements,
    private readonly output: LobbyPanelOutput,
  ) {
    elements.readyButton.addEventListener("click", () => {
      const isReady = elements.readyButton.ariaPressed === "true";
      this.request((net) => net.lobby.setMyProperties({ ready: !isReady }));
    });
    elements.teamPicker.addEventListener("change", (event) => {
      const team = TEAMS.find((known) => event.target instanceof HTMLInputElement && known === event.target.value);
      if (team) this.request((net) => net.lobby.setMyProperties({ team }));
    });
    elements.lockButton.addEventListener("click", () => {
      this.request((net) => (net.lobby.settings?.locked ? net.lobby.unlock() : net.lobby.lock()));
    });
    elements.startButton.addEventListener("click", () => {
      this.request((net) =>
        net.lobby.setRoomProperties({ phase: isMatchOn(net.lobby.roomProperties) ? "lobby" : "match" }),
      );
    });
  }

  /** Shows this manager's lobby from now on and joins it as `color`; returns the function that stops. */
  attach(net: DemoNetwork, color: string): () => void {
    this.net = net;
    this.known.clear();
    const room = net.room;
    if (room) {
      for (const member of room.members) this.remember(member);
    }
    // A spectator has no lobby marks of its own: the server would refuse them.
    if (room && !isWatching(room)) {
      this.request((self) =>
        self.lobby.setMyProperties({ ready: false, team: smallerTeam(room.members, room.selfId), color }),
      );
    }
    let wasLocked = net.lobby.settings?.locked === true;
    let wasOn = isMatchOn(net.lobby.roomProperties);
    const nameOf = (id: string): string => (id === net.room?.selfId ? "You" : (this.known.get(id)?.name ?? "A player"));
    const offs = [
      net.on("peer-joined", (member) => this.output.announce(`${member.name} joined`)),
      net.on("peer-left", ({ id, reason }) =>
        this.output.announce(reason === "kicked" ? `${nameOf(id)} was removed by the host` : `${nameOf(id)} left`),
      ),
      net.on("host-changed", ({ hostId }) =>
        this.output.announce(
          hostId === net.room?.selfId ? "You are now the host" : `${nameOf(hostId)} is now the host`,
        ),
      ),
      net.on("player-properties-changed", ({ id, properties }) => {
        const before = this.known.get(id)?.view;
        const after = playerView(properties);
        if (after.team && before?.team && after.team !== before.team) {
          this.output.announce(`${nameOf(id)} switched to team ${capital(after.team)}`);
        }
        if (before && after.ready !== before.ready) {
          this.output.announce(
            `${nameOf(id)} ${id === net.room?.selfId ? "are" : "is"} ${after.ready ? "" : "not "}ready`,
          );
        }
      }),
      // Both events carry every setting or property: say only what changed (locked; the match phase).
      net.on("room-settings-changed", ({ locked }) => {
        if (locked === wasLocked) return;
        wasLocked = locked;
        this.output.announce(locked ? "The host locked the room" : "The room is open to new players again");
      }),
      net.on("room-properties-changed", ({ properties }) => {
        const isOn = isMatchOn(properties);
        if (isOn === wasOn) return;
        wasOn = isOn;
        this.output.announce(isOn ? "Match on! Tag the other team" : "Match over: back to the lobby");
        // A new round needs everyone to say ready again.
        if (!isOn && playerView(net.lobby.playerProperties(net.room?.selfId ?? "")).ready) {
          this.request((again) => again.lobby.setMyProperties({ ready: false }));
        }
      }),
    ];
    for (const event of [
      "peer-joined",
      "peer-left",
      "host-changed",
      "link-changed",
      "player-properties-changed",
      "room-settings-changed",
      "room-properties-changed",
      "resumed",
    ] as const) {
      offs.push(net.on(event, () => this.render()));
    }
    this.render();
    return () => {
      for (const off of offs) off();
      this.net = undefined;
    };
  }

  /** Redraws everything from the manager's room: on every lobby, membership or link change. */
  render(): void {
    const net = this.net;
    const room = net?.room;
    if (!net || !room) return;
    const { list, count, lockState, lockButton, teamPicker, readyButton, startButton, status } = this.elements;
    for (const member of room.members) this.remember(member);
    renderPlayerList(list, net, (member) => this.kick(member));
    const settings = net.lobby.settings;
    const isHost = net.lobby.isHost;
    const isLocked = settings?.locked === true;
    const isOn = isMatchOn(net.lobby.roomProperties);
    const self = playerView(net.lobby.playerProperties(room.selfId));
    const { ready, total, canStart } = readiness(room.members);
    const isSpectator = isWatching(room);
    const watchers = room.members.length - playersOf(room.members).length;

    count.textContent = `${total}/${settings?.capacity ?? "?"}${watchers > 0 ? ` · ${watchers} watching` : ""}`;
    lockState.hidden = !isLocked;
    lockButton.hidden = !isHost;
    // Toggle buttons keep their name; the pressed state says which way they are.
    lockButton.ariaPressed = String(isLocked);
    lockButton.textContent = "Lock room";
    for (const radio of teamPicker.querySelectorAll("input")) radio.checked = radio.value === self.team;
    teamPicker.disabled = isOn;
    teamPicker.hidden = isSpectator;
    readyButton.hidden = isSpectator;
    readyButton.ariaPressed = String(self.ready);
    readyButton.replaceChildren(icon(self.ready ? "✓" : "○"), "I'm ready");
    readyButton.disabled = isOn;
    startButton.hidden = !isHost;
    startButton.textContent = isOn ? "End match" : "Start match";
    startButton.disabled = !isOn && !canStart;
    status.textContent = isSpectator
      ? `You are watching: ${isOn ? "the match is on." : `${ready} of ${total} players ready.`}`
      : isOn
        ? "Match on: tag the other team's ships."
        : canStart
          ? `Everyone is ready. ${isHost ? "Start when you like." : "Waiting for the host to start."}`
          : `${ready} of ${total} ready${total < 2 ? ": invite a friend to play" : ""}.`;
    status.dataset.ready = String(ready);
  }

  private remember(member: Member): void {
    this.known.set(member.id, { name: member.name, view: playerView(member.properties) });
  }

  private kick(member: Member): void {
    this.request((net) => net.lobby.kick(member.id, "removed by the host"));
  }

  /** Sends one lobby request; a refusal (not host any more, room gone...) is reported, never thrown. */
  private request(send: (net: DemoNetwork) => Promise<unknown>): void {
    const net = this.net;
    if (!net) return;
    send(net).catch(this.output.fail);
  }
}

/** A symbol beside a button's words, left out of its accessible name. */
function icon(symbol: string): HTMLElement {
  const span = document.createElement("span");
  span.ariaHidden = "true";
  span.className = "icon";
  span.textContent = `${symbol} `;
  return span;
}
