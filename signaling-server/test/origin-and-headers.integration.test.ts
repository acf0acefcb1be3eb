import { io } from "socket.io-client";
import { WebSocket } from "ws";
import { ServerPaths, socketIoParser, type RoomJoined } from "@rallypoint/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { metricValue } from "./support/metric-value.js";
import { closeAll, createRoom, onCleanup, startTestServer, withTimeout } from "./support/test-server.js";

afterEach(closeAll);

/** Connects like a browser on `origin` would; resolves "connected", or "refused" with the code the client is told. */
function connectFrom(url: string, origin: string): Promise<"connected" | `refused: ${string}`> {
  // extraHeaders apply to the websocket upgrade in Node, which is where a browser's Origin header goes.
  const client = io(url, {
    transports: ["websocket"],
    parser: socketIoParser,
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin },
  });
  onCleanup(() => client.disconnect());
  return withTimeout(
    new Promise((resolve) => {
      client.once("connect", () => resolve("connected"));
      client.once("connect_error", (error: Error & { data?: { code?: string } }) =>
        resolve(`refused: ${error.data?.code ?? error.message}`),
      );
    }),
    `connecting from ${origin}`,
  );
}

/** Opens a member's PeerJS signaling socket as a page on `origin` would; resolves "connected" or "refused". */
function peerSocketFrom(port: number, member: RoomJoined, origin: string): Promise<"connected" | "refused"> {
  const query = new URLSearchParams({ key: "peerjs", id: member.selfId, token: member.peerToken });
  const url = `ws://127.0.0.1:${port}${ServerPaths.peerjs}/peerjs?${query.toString()}`;
  const socket = new WebSocket(url, { origin });
  onCleanup(() => socket.terminate());
  return withTimeout(
    new Promise((resolve) => {
      socket.once("open", () => resolve("connected"));
      socket.once("error", () => resolve("refused"));
    }),
    `opening a PeerJS socket from ${origin}`,
  );
}

describe("origin allowlist", () => {
  it("refuses a websocket from another site's page, and accepts the same origin and localhost in development", async () => {
    const server = await startTestServer();

    expect(await connectFrom(server.url, "http://evil.example")).toBe("refused: origin-not-allowed");
    expect(await connectFrom(server.url, server.url)).toBe("connected");
    expect(await connectFrom(server.url, "http://localhost:5173")).toBe("connected");
    expect(await metricValue(server.url, 'connections_refused_total{reason="origin"}')).toBe(1);
  });

  it("applies to the PeerJS signaling socket too", async () => {
    const server = await startTestServer();
    const member = await createRoom(await server.connect());

    expect(await peerSocketFrom(server.port, member, "http://evil.example")).toBe("refused");
    expect(await peerSocketFrom(server.port, member, server.url)).toBe("connected");
  });

  it("in production allows only the same origin and ALLOWED_ORIGINS", async () => {
    const server = await startTestServer({ NODE_ENV: "production", ALLOWED_ORIGINS: "https://game.example.com" });

    expect(await connectFrom(server.url, "http://localhost:5173")).toBe("refused: origin-not-allowed");
    expect(await connectFrom(server.url, "https://game.example.com")).toBe("connected");
    expect(await connectFrom(server.url, server.url)).toBe("connected");
  });

  it("ALLOWED_ORIGINS=* allows any origin", async () => {
    const server = await startTestServer({ ALLOWED_ORIGINS: "*" });

    expect(await connectFrom(server.url, "http://evil.example")).toBe("connected");
  });
});

describe("the served library", () => {
  it("may be imported by a page on any origin: CORS and CORP allow it, for that file only", async () => {
    const server = await startTestServer({ NODE_ENV: "production" });

    const library = await fetch(`${server.url}${ServerPaths.library}`, {
      headers: { origin: "https://elsewhere.example" },
    });
    const health = await fetch(`${server.url}/healthz`);

    expect(library.status).toBe(200);
    expect(library.headers.get("content-type")).toContain("text/javascript");
    expect(library.headers.get("access-control-allow-origin")).toBe("*");
    expect(library.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(health.headers.get("access-control-allow-origin")).toBeNull();
    expect(health.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });

  it("serves the chunk it loads on demand from beside it, and nothing else from there", async () => {
    const server = await startTestServer({ NODE_ENV: "production" });

    const chunk = await fetch(`${server.url}/rallypoint/rallypoint-nat-doctor.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get("content-type")).toContain("text/javascript");
    expect(chunk.headers.get("access-control-allow-origin")).toBe("*");
    expect(await chunk.text()).toContain("icecandidateerror");

    for (const path of [
      "/rallypoint/rallypoint.js.map",
      "/rallypoint/rallypoint-missing.js",
      "/rallypoint/..%2Fpackage.json",
    ]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe("security headers", () => {
  it("sends helmet's headers with a same-origin CSP on /healthz", async () => {
    const server = await startTestServer();

    const response = await fetch(`${server.url}/healthz`);

    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });
});
