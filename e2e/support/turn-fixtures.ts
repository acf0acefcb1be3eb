import { test as base } from "./fixtures.js";
import { LibraryPlayer, type ManagerOptions } from "./library-player.js";
import { startServer, type ServerProcess } from "./server-process.js";
import { startCoturn, type Coturn } from "./turn-stack.js";

/** A real coturn and two servers pointing at it: one that knows its secret, one that signs with a wrong one. */
export interface TurnStack {
  coturn: Coturn;
  /** TURN_SECRET matches coturn's; clients must also bring AUTH_SHARED_SECRET (`authSecret`). */
  server: ServerProcess;
  /** TURN_SECRET does not match coturn's: every TURN credential it hands out is refused. */
  wrongSecretServer: ServerProcess;
  authSecret: string;
}

export interface TurnPlayers {
  /** A library player on `server`, closed when the test ends. */
  open(server: ServerProcess, label: string, options?: ManagerOptions): Promise<LibraryPlayer>;
}

const TURN_SECRET = "e2e-turn-secret";

export const test = base.extend<{ turnPlayers: TurnPlayers }, { turn: TurnStack; stunAndTurn: ServerProcess }>({
  turn: [
    // Playwright reads the fixtures a fixture needs from its first parameter: this one needs none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const authSecret = "e2e-shared-secret";
      const coturn = await startCoturn(TURN_SECRET);
      const started: { close(): Promise<void> }[] = [coturn];
      try {
        const turnEnv = { TURN_URLS: coturn.urls.join(","), TURN_TTL_SECONDS: "600" };
        const server = await startServer({ ...turnEnv, TURN_SECRET, AUTH_SHARED_SECRET: authSecret });
        started.push(server);
        const wrongSecretServer = await startServer({ ...turnEnv, TURN_SECRET: "not-the-turn-secret" });
        started.push(wrongSecretServer);
        await use({ coturn, server, wrongSecretServer, authSecret });
      } finally {
        await Promise.all(started.reverse().map((process) => process.close()));
      }
    },
    { scope: "worker" },
  ],
  /** A server that offers coturn as STUN too (coturn answers STUN on its TURN port), as deployments usually do. */
  stunAndTurn: [
    async ({ turn }, use) => {
      const [turnUrl = ""] = turn.coturn.urls;
      const server = await startServer({
        STUN_URLS: turnUrl.replace(/^turn:/, "stun:").replace(/\?.*$/, ""),
        TURN_URLS: turn.coturn.urls.join(","),
        TURN_SECRET,
      });
      try {
        await use(server);
      } finally {
        await server.close();
      }
    },
    { scope: "worker" },
  ],
  turnPlayers: async ({ browser, turn }, use, testInfo) => {
    const opened: LibraryPlayer[] = [];
    await use({
      open: async (server, label, options) => {
        const player = await LibraryPlayer.open(browser, server.url, label, options);
        opened.push(player);
        return player;
      },
    });
    await Promise.all(opened.map((player) => player.close()));
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach("coturn.log", { body: turn.coturn.output(), contentType: "text/plain" });
      await testInfo.attach("server.log", { body: turn.server.output(), contentType: "text/plain" });
    }
  },
});

export { expect } from "@playwright/test";
