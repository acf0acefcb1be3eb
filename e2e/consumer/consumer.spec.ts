import { readFile } from "node:fs/promises";
import { join } from "node:path";
import getPort from "get-port";
import { test as base, expect } from "@playwright/test";
import {
  createRoomFailure,
  meetAndTalkOverWebRTC,
  openPlayer,
  serveCrossOriginPage,
  type PageServer,
  type Player,
} from "./game-pages.js";
import { announcedTypeErrors, gameProjectDir, parseTypeErrors, runInProject, startInProject } from "./project.js";
import type { ServiceProcess } from "../../scripts/support/service-process.js";

// A game project outside the repository that installed the three packages from their tarballs (run.ts). Each test
// stands alone, so one failure does not hide the others' results.
const projectDir = gameProjectDir();
const tsc = join(projectDir, "node_modules", ".bin", "tsc");

const test = base.extend<{ players: { open(url: string): Promise<Player> }; servers: ServiceProcess[] }>({
  players: async ({ browser }, use, testInfo) => {
    const opened: Player[] = [];
    await use({
      open: async (url) => {
        const player = await openPlayer(browser, url);
        opened.push(player);
        return player;
      },
    });
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const [index, player] of opened.entries())
        await testInfo.attach(`player-${index + 1}-console.txt`, { body: player.console() });
    }
    await Promise.all(opened.map((player) => player.close()));
  },
  // Servers a test starts, stopped when it ends (their output attached when it failed).
  // eslint-disable-next-line no-empty-pattern
  servers: async ({}, use, testInfo) => {
    const started: ServiceProcess[] = [];
    await use(started);
    for (const server of started) {
      await server.close();
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach("server-output.txt", { body: server.output() });
    }
  },
});

test.describe("a game project that installed the three packages", () => {
  test("its page and its server typecheck strictly against the packages' types", async () => {
    // With skipLibCheck off, the packages' own .d.ts files are checked too: a consumer must see no error in them.
    const configs = ["tsconfig.json", "tsconfig.server.json"];
    const runs = await Promise.all(
      configs.map((config) =>
        runInProject(tsc, ["-p", config, "--noEmit", "--skipLibCheck", "false", "--pretty", "false"]),
      ),
    );
    for (const [index, { code, output }] of runs.entries()) {
      expect(output, `tsc -p ${configs[index]} reports no errors`).toBe("");
      expect(code, `tsc -p ${configs[index]} exits with 0`).toBe(0);
    }
  });

  test("misusing the API fails to typecheck, with the expected error on each misuse", async () => {
    const source = await readFile(join(projectDir, "misuse.ts"), "utf8");
    const announced = announcedTypeErrors("misuse.ts", source);
    expect(announced.length, "misuse.ts announces its errors").toBeGreaterThan(5);
    const { code, output } = await runInProject(tsc, ["-p", "tsconfig.misuse.json", "--pretty", "false"]);
    expect(code, `tsc fails on misuse.ts:\n${output}`).not.toBe(0);
    // Exactly the announced errors: a misuse that typechecks, or an error elsewhere (a missing module, a
    // wrong type in the packages' .d.ts), shows up as a difference here.
    expect(parseTypeErrors(output), output).toEqual(
      announced.map((error) => ({ ...error, message: expect.stringContaining(error.message) })),
    );
  });

  test("two players of its own Express server, with Rallypoint attached, meet by room code over WebRTC", async ({
    players,
    servers,
  }) => {
    // `npm run build`: Vite bundles the page (importing GameNetworkManager from @rallypoint/client) into dist/, tsc
    // compiles the server into build/.
    const build = await runInProject("npm", ["run", "build", "--silent"]);
    expect(build.code, `npm run build:\n${build.output}`).toBe(0);
    expect(await readFile(join(projectDir, "dist", "index.html"), "utf8")).toMatch(/<script type="module"[^>]*assets/);

    const port = await getPort({ host: "127.0.0.1" });
    const url = `http://127.0.0.1:${port}`;
    servers.push(
      await startInProject(process.execPath, ["build/server.js"], { PORT: String(port) }, `${url}/api/hello`),
    );

    // Rallypoint's routes, beside the game's own.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const library = await fetch(`${url}/rallypoint/rallypoint.js`);
    expect(library.status).toBe(200);
    expect(library.headers.get("content-type")).toContain("javascript");

    const ada = await players.open(`${url}/?name=Ada`);
    const bo = await players.open(`${url}/?name=Bo`);
    await expect(ada.page.locator("#hello")).toHaveText("Hello from the game's own server");
    expect(await ada.page.evaluate(() => window.game.echo?.("ping")), "the game's own websocket").toBe("echo: ping");
    await meetAndTalkOverWebRTC(ada, bo);
  });
});

test.describe("npx rallypoint-server, used by pages of another origin", () => {
  let rallypointUrl = "";
  let allowedPage: PageServer | undefined;
  let refusedPage: PageServer | undefined;
  let rallypoint: ServiceProcess | undefined;

  test.beforeAll(async () => {
    const port = await getPort({ host: "127.0.0.1" });
    rallypointUrl = `http://127.0.0.1:${port}`;
    allowedPage = await serveCrossOriginPage(projectDir, rallypointUrl);
    refusedPage = await serveCrossOriginPage(projectDir, rallypointUrl);
    rallypoint = await startInProject(
      "npx",
      ["--no", "rallypoint-server"],
      {
        PORT: String(port),
        HOST: "127.0.0.1",
        ALLOWED_ORIGINS: allowedPage.origin,
        // Outside production any port of 127.0.0.1 is allowed; production is where ALLOWED_ORIGINS alone decides.
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
      },
      `${rallypointUrl}/healthz`,
    );
  });

  // eslint-disable-next-line no-empty-pattern
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus && rallypoint)
      await testInfo.attach("rallypoint-server-output.txt", { body: rallypoint.output() });
  });

  test.afterAll(async () => {
    await rallypoint?.close();
    await allowedPage?.close();
    await refusedPage?.close();
  });

  test("serves /healthz and the library, which pages of an allowed origin may import", async () => {
    expect((await fetch(`${rallypointUrl}/healthz`)).status).toBe(200);
    const library = await fetch(`${rallypointUrl}/rallypoint/rallypoint.js`, {
      headers: { origin: allowedPage?.origin ?? "" },
    });
    expect(library.status).toBe(200);
    expect(library.headers.get("content-type")).toContain("javascript");
    expect([allowedPage?.origin, "*"]).toContain(library.headers.get("access-control-allow-origin"));
  });

  test("two players on an allowed origin meet by room code over WebRTC", async ({ players }) => {
    const ada = await players.open(`${allowedPage?.origin}/?name=Ada`);
    const bo = await players.open(`${allowedPage?.origin}/?name=Bo`);
    await meetAndTalkOverWebRTC(ada, bo);
  });

  test("a page of an origin not allowed gets a NetworkError from createRoom", async ({ players }) => {
    const stranger = await players.open(`${refusedPage?.origin}/?name=Eve`);
    expect(await createRoomFailure(stranger)).toEqual({
      isNetworkError: true,
      name: "NetworkError",
      code: "origin-not-allowed",
      message: expect.stringContaining(refusedPage?.origin ?? "the refused origin"),
    });
  });
});
