import { GameRuntime, defineGame } from "@martini-kit/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeRoom, type FakeNetwork } from "../testing/fake-martini-room.js";
import { MartiniSession } from "./martini-session.js";
import { MartiniTransport, type MartiniTransportOptions } from "./martini-transport.js";

/** A real martini-kit game: each tap counts for its player and in the total. */
interface Taps {
  total: number;
  players: Record<string, { taps: number }>;
}
const tapGame = defineGame<Taps>({
  setup: ({ playerIds }) => ({ total: 0, players: Object.fromEntries(playerIds.map((id) => [id, { taps: 0 }])) }),
  actions: {
    tap: {
      apply: (state, { targetId }) => {
        state.total++;
        const player = (state.players[targetId] ??= { taps: 0 });
        player.taps++;
      },
    },
  },
  onPlayerJoin: (state, id) => {
    state.players[id] ??= { taps: 0 };
  },
  onPlayerLeave: (state, id) => {
    Reflect.deleteProperty(state.players, id);
  },
});

const SYNC_MS = 50; // GameRuntime's default sync interval

interface Player {
  network: FakeNetwork;
  session: MartiniSession<GameRuntime<Taps>>;
  state: () => Taps;
}

/** Seats `id` with a real GameRuntime over a MartiniTransport, built as a game does once `joinRoom` resolves. */
function join(room: FakeRoom, id: string, options?: MartiniTransportOptions, spectator = false): Player {
  let session: MartiniSession<GameRuntime<Taps>> | undefined;
  const seat = (seated: FakeNetwork) => {
    const transport = new MartiniTransport(seated, options);
    session = new MartiniSession(transport, (role) => new GameRuntime(tapGame, transport, role));
  };
  const network = room.join(id, seat, { spectator });
  if (!session) throw new Error("not seated");
  const joined = session;
  return { network, session: joined, state: () => joined.runtime.getState() };
}

function tap(player: Player, times = 1): void {
  for (let n = 0; n < times; n++) player.session.runtime.submitAction("tap", {});
}

/** Lets the host's runtime sync its last changes. */
function sync(): void {
  vi.advanceTimersByTime(SYNC_MS * 2);
}

describe("MartiniSession with martini-kit's GameRuntime", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("keeps a lossy player and a late joiner on the host's state after every action, the last one included", () => {
    const room = new FakeRoom();
    const host = join(room, "host");
    const lossy = join(room, "lossy");
    lossy.network.stateLoss = 0.3; // would lose state_sync if it went on the state path
    for (let round = 0; round < 13; round++) {
      tap(host);
      tap(lossy, 2);
      sync();
    }
    const late = join(room, "late");
    tap(late);
    sync();
    tap(lossy); // one last action: no later diff would repair its loss
    sync();
    expect(host.state().total).toBe(41);
    for (const player of [lossy, late]) expect(player.state()).toEqual(host.state());
    expect(host.state().players).toEqual({ host: { taps: 13 }, lossy: { taps: 27 }, late: { taps: 1 } });
  });

  it("shows a spectator joining mid-game the host's state, keeps it in step, and makes it no player", () => {
    const room = new FakeRoom();
    const host = join(room, "host");
    const guest = join(room, "guest");
    tap(host, 2);
    tap(guest);
    sync();
    const watcher = join(room, "watcher", undefined, true);
    expect(watcher.state()).toEqual(host.state());
    tap(guest, 2);
    sync();
    expect(watcher.state()).toEqual(host.state());
    // Its taps go nowhere: martini's runtime sends them, the transport drops them (a spectator sends nothing).
    tap(watcher);
    sync();
    expect(host.state()).toEqual({ total: 5, players: { host: { taps: 2 }, guest: { taps: 3 } } });
    expect(watcher.state()).toEqual(host.state());
  });

  it("loses a diff for good on the opt-in unreliable path, which is why it is not the default", () => {
    const room = new FakeRoom();
    const host = join(room, "host", { stateSync: "unreliable" });
    const lossy = join(room, "lossy", { stateSync: "unreliable" });
    for (let round = 0; round < 9; round++) {
      tap(lossy);
      sync();
    }
    expect(lossy.state()).toEqual(host.state());
    lossy.network.stateLoss = 1; // the diff of the last action is lost: nothing later repairs it
    tap(lossy);
    sync();
    vi.advanceTimersByTime(SYNC_MS * 20);
    expect(host.state().total).toBe(10);
    expect(lossy.state().total).toBe(9);
  });

  it("goes on under the new host when the host leaves: its state, the others' actions, a later joiner", () => {
    const room = new FakeRoom();
    const [alice, bob, carol] = ["alice", "bob", "carol"].map((id) => join(room, id)) as [Player, Player, Player];
    tap(alice, 2);
    tap(bob, 3);
    tap(carol);
    sync();
    const bobsRuntime = bob.session.runtime;
    room.leave("alice");
    expect(bob.session.runtime).not.toBe(bobsRuntime);
    expect(bob.session.runtime.isHost()).toBe(true);
    expect(carol.session.runtime.isHost()).toBe(false);
    expect(bob.state()).toEqual({ total: 6, players: { bob: { taps: 3 }, carol: { taps: 1 } } });
    tap(carol, 2);
    tap(bob);
    const dave = join(room, "dave");
    tap(dave);
    sync();
    expect(bob.state()).toEqual({ total: 10, players: { bob: { taps: 4 }, carol: { taps: 3 }, dave: { taps: 1 } } });
    for (const player of [carol, dave]) expect(player.state()).toEqual(bob.state());
  });

  it("repairs a client that missed the old host's last diff, with the new host's full state", () => {
    const room = new FakeRoom();
    const [alice, bob, carol] = ["alice", "bob", "carol"].map((id) => join(room, id)) as [Player, Player, Player];
    tap(alice);
    alice.network.fullPeers.add("carol"); // carol's lane is full: alice's next diff never reaches her
    tap(bob, 2);
    sync();
    expect(carol.state().total).toBeLessThan(bob.state().total);
    room.leave("alice");
    expect(carol.state()).toEqual(bob.state());
    expect(carol.state().total).toBe(3);
  });

  it("turns a host who lost the role into a client that takes the new host's state", () => {
    const room = new FakeRoom();
    const [alice, bob] = ["alice", "bob"].map((id) => join(room, id)) as [Player, Player];
    tap(alice);
    sync();
    room.handOver("bob"); // alice's connection dropped for a while; the server gave bob the role
    expect(alice.session.runtime.isHost()).toBe(false);
    tap(alice, 2);
    tap(bob);
    sync();
    expect(bob.state().total).toBe(4);
    expect(alice.state()).toEqual(bob.state());
  });

  it("hands each new runtime to onRuntime, and destroys the last one on stop", () => {
    const room = new FakeRoom();
    join(room, "alice");
    const bob = join(room, "bob");
    const seen: boolean[] = [];
    bob.session.onRuntime((runtime) => seen.push(runtime.isHost()));
    room.leave("alice");
    expect(seen).toEqual([false, true]);
    const carol = join(room, "carol");
    bob.session.stop();
    tap(carol);
    sync();
    expect(bob.state().total).toBe(0); // destroyed: no longer applies actions
  });
});
