import { describe, expect, it } from "vitest";
import { MARTINI_WIRE_MESSAGE_TYPES, MartiniWireMessage } from "./martini-wire-message.js";

describe("martini wire messages", () => {
  it.each(MARTINI_WIRE_MESSAGE_TYPES)("accepts %s", (type) => {
    expect(MartiniWireMessage.safeParse({ type }).success).toBe(true);
  });

  it("keeps properties it does not know, as martini-kit allows them", () => {
    const message = { type: "action", payload: { move: 1 }, senderId: "ada", timestamp: 5, extra: [1] };
    expect(MartiniWireMessage.parse(message)).toEqual(message);
  });

  it.each([
    { type: "chat" },
    {},
    { type: "action", senderId: 1 },
    { type: "action", timestamp: "5" },
    { type: "host_announce", hostId: null },
    "action",
  ])("refuses %j", (message) => {
    expect(MartiniWireMessage.safeParse(message).success).toBe(false);
  });
});
