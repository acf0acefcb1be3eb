import { test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { LibraryPlayer, type HostCandidates, type ManagerOptions } from "../support/library-player.js";
import { skipUnlessPresent } from "../support/prerequisite.js";
import { launchInNamespace } from "./chromium-in-netns.js";
import { traceIce } from "./ice-trace.js";
import { startCoturn, startSignalingServer, type IceOffer, type LabProcess, type LabServer } from "./lab-services.js";
import { labSupport } from "./lab-support.js";
import { removeStaleNamespaces } from "./netns.js";
import { LabAddress, Topology, type Home, type TopologySpec } from "./topology.js";

export interface LabOptions extends TopologySpec {
  /**
   * The signaling servers to run in the internet namespace, by name, with what their ICE configuration offers;
   * coturn runs beside them when there is any.
   */
  servers: Record<string, IceOffer | ServerOptions>;
}

export interface ServerOptions {
  ice: IceOffer;
  /** More environment for the server, e.g. `STATIC_DIR` to serve your own game's build at `/`. */
  env?: Record<string, string>;
}

/** A running lab, for the tests of one file. */
export interface Lab {
  readonly topology: Topology;
  home(name: string): Home;
  server(name: string): LabServer;
  /**
   * A player: a fresh GameNetworkManager from `server`, in a page (a BrowserContext of its own) of the browser that
   * runs in home `home`'s namespace, whose WebRTC connections record an ICE trace (ice-trace.ts). When the test ends
   * the manager leaves its room and the page waits for the next test that wants a player there (saving a context
   * and a module load per player); the browser stays for the file's other tests. `hostCandidates`: the player's
   * host candidates are its addresses (default: the lab's pages have the media permission) or mDNS names.
   */
  open(
    home: string,
    server: string,
    label: string,
    options?: ManagerOptions,
    hostCandidates?: HostCandidates,
  ): Promise<LibraryPlayer>;
  /**
   * A page at `path` on `server` (default: its root, where it serves the demo or `STATIC_DIR`), in a fresh
   * BrowserContext of the browser behind home `home`; closed when the test ends. For driving your own game.
   */
  page(home: string, server: string, path?: string): Promise<Page>;
}

/** Labs made by this process so far: numbers them, so consecutive labs never share a namespace name. */
let labsMade = 0;
/** Generous: a lab is a dozen namespaces, coturn, servers, and then browsers launched on a two-core machine. */
const SET_UP_TIMEOUT_MS = 60_000;

/**
 * Builds a lab before the tests of the calling `describe` (or file), and removes it after them, also when they
 * fail. The tests are skipped, saying why, where the lab cannot run (not Linux, not root, a tool missing); in CI
 * they fail there instead.
 *
 * @example
 * const lab = useLab({ routers: [{ name: "a", nat: "symmetric" }, { name: "b", nat: "full-cone" }], servers: { main: "stun" } });
 * test("...", async () => { const ada = await lab.open("a", "main", "Ada"); ... });
 */
export function useLab(options: LabOptions): Lab {
  const support = labSupport();
  skipUnlessPresent(support.ok ? undefined : `network lab skipped: ${support.reason}`);

  let topology: Topology | undefined;
  const processes: LabProcess[] = [];
  const servers = new Map<string, LabServer>();
  const browsers = new Map<string, Promise<Browser>>();
  /** coturn's TLS certificate, which the browsers accept (see launchInNamespace). */
  const trustedSpkis: string[] = [];
  let contextsOfTest: BrowserContext[] = [];
  /** Pages on a server, by `home|server|hostCandidates`, waiting for a player; and the ones this test has taken. */
  const idlePages = new Map<string, Page[]>();
  let pagesOfTest: { key: string; page: Page }[] = [];

  const tearDown = async (): Promise<string[]> => {
    const problems: string[] = [];
    await Promise.all(
      [...browsers.values()].map(async (launching) => {
        try {
          await (await launching).close();
        } catch (error) {
          problems.push(`closing a browser: ${(error as Error).message}`);
        }
      }),
    );
    browsers.clear();
    for (const started of processes.splice(0)) started.stop();
    problems.push(...(topology?.close() ?? []));
    topology = undefined;
    return problems;
  };
  // The worker may be stopped between hooks (a timeout, Ctrl-C): the namespaces still go, synchronously.
  const onExit = (): void => void topology?.close();

  test.beforeAll(async () => {
    test.setTimeout(SET_UP_TIMEOUT_MS);
    process.once("exit", onExit);
    removeStaleNamespaces();
    topology = await Topology.create(++labsMade, options);
    if (Object.keys(options.servers).length > 0) {
      const coturn = await startCoturn(topology.internet);
      processes.push(coturn);
      trustedSpkis.push(coturn.certificateSpki);
    }
    let port = LabAddress.serverPorts.first;
    for (const [name, offer] of Object.entries(options.servers)) {
      const { ice, env } = typeof offer === "string" ? { ice: offer, env: {} } : offer;
      const server = await startSignalingServer(topology.internet, port++, ice, env);
      processes.push(server);
      servers.set(name, server);
    }
  });

  test.afterEach(async () => {
    await Promise.all(contextsOfTest.map((context) => context.close().catch(() => undefined)));
    contextsOfTest = [];
    await Promise.all(
      pagesOfTest.map(async ({ key, page }) => {
        try {
          await page.evaluate(() => window.rallypoint.dispose());
          idlePages.set(key, [...(idlePages.get(key) ?? []), page]);
        } catch {
          await page
            .context()
            .close()
            .catch(() => undefined);
        }
      }),
    );
    pagesOfTest = [];
  });

  test.afterAll(async () => {
    process.off("exit", onExit);
    const problems = await tearDown();
    if (problems.length > 0) throw new Error(`lab teardown:\n${problems.join("\n")}`);
  });

  const lab: Lab = {
    get topology() {
      if (!topology) throw new Error("the lab exists only while its tests run");
      return topology;
    },
    home: (name) => lab.topology.home(name),
    server: (name) => {
      const server = servers.get(name);
      if (!server) throw new Error(`no server ${name} in this lab`);
      return server;
    },
    open: async (home, server, label, managerOptions, hostCandidates = "addresses") => {
      const key = `${home}|${server}|${hostCandidates}`;
      const idle = idlePages.get(key)?.pop();
      if (idle) pagesOfTest.push({ key, page: idle });
      const player = idle
        ? await LibraryPlayer.start(idle, label, managerOptions)
        : await LibraryPlayer.open(
            await browserOf(home),
            lab.server(server).url,
            label,
            managerOptions,
            hostCandidates,
          );
      if (!idle) pagesOfTest.push({ key, page: player.page });
      // Explains a pair that settles late or on an unexpected path (pair-check.ts prints it then).
      await traceIce(player.page);
      return player;
    },
    page: async (home, server, path = "/") => {
      // The media permission makes Chromium offer its real host address as an ICE candidate (not an mDNS name).
      const context = await (await browserOf(home)).newContext({ permissions: ["microphone"] });
      contextsOfTest.push(context);
      const page = await context.newPage();
      await page.goto(new URL(path, lab.server(server).url).href);
      return page;
    },
  };

  /** The Chromium running in a home's namespace, launched the first time a test needs it. */
  function browserOf(homeName: string): Promise<Browser> {
    let launching = browsers.get(homeName);
    if (!launching) {
      const origins = [...servers.values()].map((each) => each.url);
      launching = launchInNamespace(lab.home(homeName).namespace, origins, trustedSpkis);
      browsers.set(homeName, launching);
    }
    return launching;
  }
  return lab;
}
