import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { IceGrant, IceServer } from "@rallypoint/protocol";
import { IceRefresher } from "./ice-refresher.js";
import type { NetworkError } from "../network-error.js";

const grant = (username: string, iceServersTtlMs: number | null): IceGrant => ({
  iceServers: [{ urls: "turn:t", username, credential: "c" }],
  iceServersTtlMs,
});

function setup(answers: (IceGrant | number)[]) {
  const refreshed: IceServer[][] = [];
  const errors: NetworkError[] = [];
  const requests: { url: string; authorization: string | undefined }[] = [];
  const fakeFetch = vi.fn((url: URL, init?: RequestInit) => {
    requests.push({ url: url.href, authorization: (init?.headers as Record<string, string>).Authorization });
    const answer = answers.shift() ?? 500;
    const response =
      typeof answer === "number" ? new Response("nope", { status: answer }) : Response.json(answer, { status: 200 });
    return Promise.resolve(response);
  });
  const refresher = new IceRefresher({
    serverUrl: "https://game.example",
    peerToken: "tok",
    onRefresh: (servers) => refreshed.push(servers),
    onError: (error) => errors.push(error),
    fetch: fakeFetch as unknown as typeof fetch,
  });
  return { refresher, refreshed, errors, requests, fakeFetch };
}

describe("IceRefresher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("fetches fresh credentials halfway through their lifetime, then again halfway through the new ones", async () => {
    const { refresher, refreshed, requests } = setup([grant("second", 60_000), grant("third", 60_000)]);
    refresher.start(100_000);

    await vi.advanceTimersByTimeAsync(49_999);
    expect(refreshed).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshed.map((servers) => servers[0]?.username)).toEqual(["second"]);
    expect(requests[0]).toEqual({ url: "https://game.example/api/ice", authorization: "Bearer tok" });

    await vi.advanceTimersByTimeAsync(30_000);
    expect(refreshed.map((servers) => servers[0]?.username)).toEqual(["second", "third"]);
    refresher.stop();
  });

  it("never fetches credentials that do not expire", async () => {
    const { refresher, fakeFetch } = setup([]);
    refresher.start(null);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(fakeFetch).not.toHaveBeenCalled();
  });

  it("reports a failed refresh and retries after a tenth of the lifetime", async () => {
    const { refresher, refreshed, errors } = setup([401, grant("fresh", null)]);
    refresher.start(200_000);

    await vi.advanceTimersByTimeAsync(100_000);
    expect(errors.map((error) => error.code)).toEqual(["webrtc"]);
    expect(refreshed).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(20_000);
    expect(refreshed.map((servers) => servers[0]?.username)).toEqual(["fresh"]);
    refresher.stop();
  });

  it("does nothing after stop", async () => {
    const { refresher, fakeFetch } = setup([grant("x", 10_000)]);
    refresher.start(10_000);
    refresher.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fakeFetch).not.toHaveBeenCalled();
  });
});
