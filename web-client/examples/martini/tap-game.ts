import { defineGame } from "@martini-kit/core";

/** The whole game state: the host's runtime owns it, every other player's mirrors it. */
export interface TapState {
  total: number;
  players: Record<string, { taps: number }>;
}

/** A martini-kit game, written as for any martini transport: every tap counts for its player and in the total. */
export const tapGame = defineGame<TapState>({
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
