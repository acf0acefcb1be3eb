import { describe, expect, it } from "vitest";
import { inviteLinkFor, roomCodeFrom } from "./invite-link.js";

describe("roomCodeFrom", () => {
  it.each([
    ["K7MQ2X", "K7MQ2X"],
    ["  k7m-q2x ", "K7MQ2X"],
    ["k7 mq 2x", "K7MQ2X"],
    ["https://play.example/?room=k7mq2x", "K7MQ2X"],
    ["http://127.0.0.1:3000/?room=K7MQ2X&utm=chat", "K7MQ2X"],
    ["https://play.example/#K7MQ2X", "K7MQ2X"],
    ["#K7MQ2X", "K7MQ2X"],
    ["?room=K7MQ2X", "K7MQ2X"],
    ["play.example/?room=K7MQ2X", "K7MQ2X"],
  ])("finds the code in %j", (input, code) => {
    expect(roomCodeFrom(input)).toEqual({ ok: true, code });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["K7M!", "malformed"],
    ["K7MQ2XX", "malformed"],
    ["https://play.example/?room=nope", "malformed"],
    ["https://play.example/", "link-without-code"],
    ["https://play.example/?other=1", "link-without-code"],
  ])("refuses %j as %s", (input, reason) => {
    expect(roomCodeFrom(input)).toEqual({ ok: false, reason });
  });

  it("reads back the links the demo hands out", () => {
    expect(roomCodeFrom(inviteLinkFor("K7MQ2X", "https://play.example"))).toEqual({ ok: true, code: "K7MQ2X" });
  });
});
