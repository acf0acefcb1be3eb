import { describe, expect, it } from "vitest";
import { iceUrlsOf, parseIceUrl } from "./ice-url.js";

describe("parseIceUrl", () => {
  it.each([
    ["stun:198.18.0.2", { kind: "stun", transport: "udp", destination: "198.18.0.2:3478" }],
    ["stun:stun.example.test:19302", { kind: "stun", transport: "udp", destination: "stun.example.test:19302" }],
    ["turn:127.0.0.1:3478?transport=udp", { kind: "turn", transport: "udp", destination: "127.0.0.1:3478" }],
    ["TURN:127.0.0.1:3478?transport=TCP", { kind: "turn", transport: "tcp", destination: "127.0.0.1:3478" }],
    [
      "turns:turn.example.test?transport=tcp",
      { kind: "turn", transport: "tls", destination: "turn.example.test:5349" },
    ],
    ["turn:[2001:db8::1]:3478", { kind: "turn", transport: "udp", destination: "[2001:db8::1]:3478" }],
    ["turn:", { kind: "turn", transport: "udp", destination: null }],
  ])("%s", (url, expected) => {
    expect(parseIceUrl(url)).toEqual(expected);
  });
});

describe("iceUrlsOf", () => {
  it("lists every URL of every server with its server", () => {
    const turn = { urls: ["turn:a?transport=udp", "turn:a?transport=tcp"], username: "u", credential: "c" };
    const stun = { urls: "stun:a" };
    expect(iceUrlsOf([stun, turn])).toEqual([
      { url: "stun:a", server: stun },
      { url: "turn:a?transport=udp", server: turn },
      { url: "turn:a?transport=tcp", server: turn },
    ]);
  });
});
