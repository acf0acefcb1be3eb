import { describe, expect, it } from "vitest";
import { IceProvider, turnRestCredential } from "./ice-provider.js";

describe("turnRestCredential", () => {
  it("signs `${expiry}:${memberId}` with HMAC-SHA1 of the shared secret, as coturn checks it", () => {
    // Expected value computed independently (Python's hmac module).
    expect(turnRestCredential("north-wind", "ada", 1_700_003_600)).toEqual({
      username: "1700003600:ada",
      credential: "HPsp+YvsN6zOjPK9OqwBF7zXuUs=",
    });
  });
});

describe("IceProvider", () => {
  const now = () => 1_700_000_000_500;

  it("hands out STUN only, with no expiry, when no TURN is configured", () => {
    const provider = new IceProvider({ stunUrls: ["stun:a"], turn: undefined }, now);
    expect(provider.forMember("ada")).toEqual({ iceServers: [{ urls: ["stun:a"] }], iceServersTtlMs: null });
    expect(new IceProvider({ stunUrls: [], turn: undefined }).forMember("ada").iceServers).toEqual([]);
  });

  it("hands every member the same static TURN credential, which never expires", () => {
    const provider = new IceProvider({
      stunUrls: [],
      turn: { kind: "static", urls: ["turn:t"], username: "u", credential: "c" },
    });
    expect(provider.forMember("ada")).toEqual({
      iceServers: [{ urls: ["turn:t"], username: "u", credential: "c" }],
      iceServersTtlMs: null,
    });
  });

  it("gives each member its own credential expiring after the TTL", () => {
    const provider = new IceProvider(
      { stunUrls: [], turn: { kind: "ephemeral", urls: ["turn:t"], secret: "north-wind", ttlSeconds: 3600 } },
      now,
    );
    const ada = provider.forMember("ada");
    const bo = provider.forMember("bo");

    expect(ada).toEqual({
      iceServers: [{ urls: ["turn:t"], ...turnRestCredential("north-wind", "ada", 1_700_003_600) }],
      iceServersTtlMs: 3_600_000,
    });
    expect(bo.iceServers[0]?.username).toBe("1700003600:bo");
    expect(bo.iceServers[0]?.credential).not.toBe(ada.iceServers[0]?.credential);
  });
});
