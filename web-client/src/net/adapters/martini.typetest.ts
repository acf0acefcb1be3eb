/**
 * The martini subpath against the real @martini-kit/core (a devDependency, at the version the adapter was written
 * for), checked by `tsc` (`npm run typecheck`); never run. Our own types say `unknown` where martini says `any`.
 */
import { GameRuntime, defineGame, type Transport as PublishedTransport } from "@martini-kit/core";
import { expectTypeOf } from "vitest";
import { GameNetworkManager } from "../index.js";
import { MartiniSession, MartiniTransport, type MartiniRuntime, type WireMessage } from "./martini.js";

interface Taps {
  players: Record<string, { taps: number }>;
}
const game = defineGame<Taps>({
  setup: ({ playerIds }) => ({ players: Object.fromEntries(playerIds.map((id) => [id, { taps: 0 }])) }),
  actions: {
    tap: {
      apply: (state, { targetId }) => {
        const player = state.players[targetId];
        if (player) player.taps++;
      },
    },
  },
});

export function runsUnderMartini(): void {
  const net = new GameNetworkManager({ name: "Ada" });
  // What martini-kit's GameRuntime takes, with no cast.
  const transport: PublishedTransport = new MartiniTransport(net);
  transport.send({ type: "action", payload: { move: "left" } });
  const ours = new MartiniTransport(net);
  ours.onMessage((message, senderId) => {
    expectTypeOf(message).toEqualTypeOf<WireMessage>();
    expectTypeOf(message.payload).toEqualTypeOf<unknown>();
    expectTypeOf(senderId).toEqualTypeOf<string>();
  });
  // @ts-expect-error not a martini message type
  ours.send({ type: "chat" });
  // The session builds martini's own runtime from the role it is given, and hands back that runtime's type.
  const session = new MartiniSession(ours, (role) => new GameRuntime(game, ours, role));
  expectTypeOf(session.runtime).toEqualTypeOf<GameRuntime<Taps>>();
  expectTypeOf(session.runtime.getState().players).toEqualTypeOf<Record<string, { taps: number }>>();
  expectTypeOf<GameRuntime<Taps>>().toExtend<MartiniRuntime>();
  // @ts-expect-error a runtime must be able to take the host's state over
  new MartiniSession(ours, () => ({ getState: () => ({}), isHost: () => false, destroy: () => undefined }));
}
