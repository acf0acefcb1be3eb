import { GameRuntime } from "@martini-kit/core";
import { GameNetworkManager, NetworkMode, type RoomInfo } from "@rallypoint/client";
import { MartiniSession, MartiniTransport } from "@rallypoint/client/martini";
import { tapGame, type TapState } from "./tap-game.js";

// `?mode=SIGNALING_ONLY` keeps this player on the server relay (no WebRTC), as behind a strict firewall.
const mode =
  new URLSearchParams(location.search).get("mode") === "SIGNALING_ONLY" ? NetworkMode.SignalingOnly : undefined;
const net = new GameNetworkManager({ name: "Player", ...(mode && { mode }) });

const element = (id: string): HTMLElement => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found;
};
const codeInput = element("code") as HTMLInputElement;
const tapButton = element("tap") as HTMLButtonElement;

/** Runs the game in the room. Called as soon as the room is there, before anything from the others can arrive. */
function play(room: RoomInfo): void {
  const transport = new MartiniTransport(net);
  // A martini GameRuntime, rebuilt by the session whenever the room's host changes and this player's role with it.
  const session = new MartiniSession(transport, (role) => new GameRuntime(tapGame, transport, role));
  const render = (state: TapState): void => {
    element("role").textContent = session.runtime.isHost() ? "the host" : "a player";
    element("state").textContent = JSON.stringify(state, null, 2);
  };
  session.onRuntime((runtime) => {
    runtime.onChange(render);
    render(runtime.getState());
  });
  element("room-code").textContent = room.code;
  tapButton.disabled = false;
  tapButton.onclick = () => session.runtime.submitAction("tap", {});
  // Handy in the browser console (and how the e2e test reads each player's state).
  Object.assign(window, { martini: { net, transport, session } });
}

async function enter(join: () => Promise<RoomInfo>): Promise<void> {
  for (const button of document.querySelectorAll("button")) button.disabled = true;
  try {
    play(await join());
  } catch (error) {
    element("role").textContent = `not in a room: ${error instanceof Error ? error.message : String(error)}`;
    for (const button of document.querySelectorAll("button")) button.disabled = button === tapButton;
  }
}

element("create").onclick = () => void enter(() => net.createRoom());
element("join").onclick = () => void enter(() => net.joinRoom(codeInput.value));
