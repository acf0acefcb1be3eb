import { Emitter } from "../emitter.js";
import type { MartiniTransport } from "./martini-transport.js";

/**
 * What a MartiniSession needs of martini-kit's `GameRuntime` (which fits it as it is), so this package needs no
 * runtime dependency on martini-kit.
 * @example
 * const runtime: MartiniRuntime = new GameRuntime(game, transport, { isHost: true });
 */
export interface MartiniRuntime {
  /** The state as this runtime has it: the host's own, or a client's mirror of it. */
  getState(): unknown;
  /** Host only: changes the state outside an action. */
  mutateState(mutator: (state: object) => void): void;
  /** The role the runtime was built for. */
  isHost(): boolean;
  /** Stops its sync loop and its transport listeners. */
  destroy(): void;
}

/**
 * The role a runtime is built for: pass it as `GameRuntime`'s config (with any options of your own).
 * @example
 * new MartiniSession(transport, (role) => new GameRuntime(game, transport, { ...role, syncInterval: 33 }));
 */
export interface RuntimeRole {
  /** Whether this player hosts the room now. */
  isHost: boolean;
  /** This player first, then every other member. */
  playerIds: string[];
}

/**
 * Keeps a martini-kit `GameRuntime` in the role the room gives this player. martini-kit 0.1.1 fixes a runtime's role
 * when it is built, and has no host migration of its own; so when the room's host changes and this player's role with
 * it, the session destroys the runtime and builds another with `create`:
 * - a player who becomes host gets a host runtime holding the last state it had, and sends that state whole to every
 *   other player, so all of them go on from the same state;
 * - a host who lost the role (its connection dropped for a while) gets a client runtime, which takes the new host's
 *   state as it arrives.
 * Players whose role stays keep their runtime. Actions sent to the old host that it had not synced yet are lost.
 * A spectator who joins gets the host's full state from the host's session (martini's host sends it to players only);
 * on a spectator's own page the runtime is a client whose `playerIds` leave the spectator out.
 * Subscribe to each runtime with `onRuntime`, and always reach the current one through `runtime`.
 * @example
 * const transport = new MartiniTransport(net);
 * const session = new MartiniSession(transport, (role) => new GameRuntime(game, transport, role));
 * session.onRuntime((runtime) => runtime.onChange(render));
 * tapButton.onclick = () => session.runtime.submitAction("tap", {});
 */
export class MartiniSession<Runtime extends MartiniRuntime> {
  private current: Runtime;
  private readonly events = new Emitter<{ runtime: Runtime }>();
  private readonly stopListening: (() => void)[];

  constructor(
    private readonly transport: MartiniTransport,
    private readonly create: (role: RuntimeRole) => Runtime,
  ) {
    this.current = create(this.role());
    // The transport turns the room's host change into martini's host_migration message.
    this.stopListening = [
      transport.onMessage((message) => {
        if (message.type === "host_migration") this.followRole();
      }),
      // martini's host sends its full state to joining players only: a spectator gets it from here.
      transport.onSpectatorJoin((id) => {
        if (this.current.isHost())
          this.transport.send({ type: "state_sync", payload: { fullState: this.current.getState() } }, id);
      }),
    ];
  }

  /** The runtime in force: a new one after each change of this player's role. */
  get runtime(): Runtime {
    return this.current;
  }

  /**
   * Calls `listener` with the runtime in force now, and with each one built later. Returns the function that
   * unsubscribes.
   */
  onRuntime(listener: (runtime: Runtime) => void): () => void {
    const unsubscribe = this.events.on("runtime", listener);
    listener(this.current);
    return unsubscribe;
  }

  /** Destroys the runtime and stops following the room. The transport stays attached. */
  stop(): void {
    for (const stop of this.stopListening) stop();
    this.events.removeAll();
    this.current.destroy();
  }

  private role(): RuntimeRole {
    return {
      isHost: this.transport.isHost(),
      playerIds: [
        ...(this.transport.isSpectator() ? [] : [this.transport.getPlayerId()]),
        ...this.transport.getPeerIds(),
      ],
    };
  }

  private followRole(): void {
    const role = this.role();
    if (role.isHost === this.current.isHost()) return;
    const lastState = structuredClone(this.current.getState());
    this.current.destroy();
    const next = this.create(role);
    this.current = next;
    if (role.isHost) {
      next.mutateState((state) => replaceContents(state, lastState));
      this.transport.send({ type: "state_sync", payload: { fullState: next.getState() } });
    }
    this.events.emit("runtime", next);
  }
}

/** Makes `target` hold what `source` holds, in place (a runtime's state object is its own). */
function replaceContents(target: object, source: unknown): void {
  const fields = target as Record<string, unknown>;
  for (const key of Object.keys(fields)) Reflect.deleteProperty(fields, key);
  if (typeof source === "object" && source !== null) Object.assign(fields, source);
}
