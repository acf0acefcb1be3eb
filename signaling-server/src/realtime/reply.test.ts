import { describe, expect, it } from "vitest";
import { CreateRoomRequest, ErrorCode, type Ack } from "@rallypoint/protocol";
import { parseOrReply } from "./reply.js";

function answer(payload: unknown): { parsed: unknown; acks: Ack<never>[] } {
  const acks: Ack<never>[] = [];
  const parsed = parseOrReply(CreateRoomRequest, payload, (result: Ack<never>) => acks.push(result));
  return { parsed, acks };
}

describe("parseOrReply", () => {
  it("returns the parsed payload and answers nothing", () => {
    expect(answer({ protocolVersion: 2, name: " Ada " })).toEqual({
      parsed: { protocolVersion: 2, name: "Ada" },
      acks: [],
    });
  });

  // The shared schemas are zod/mini, which has no messages of its own: this file never loads full zod (the server's
  // config does), so the words below come from the locale reply.ts sets.
  it("answers invalid-payload naming the first problem, in words", () => {
    const { parsed, acks } = answer({ protocolVersion: 2, name: "x".repeat(33) });
    expect(parsed).toBeNull();
    expect(acks).toEqual([
      {
        ok: false,
        error: {
          code: ErrorCode.InvalidPayload,
          message: "Invalid payload: name: Too big: expected string to have <=32 characters",
        },
      },
    ]);
  });

  it("answers a client that sent only its ack callback", () => {
    const acks: Ack<never>[] = [];
    expect(parseOrReply(CreateRoomRequest, (result: Ack<never>) => acks.push(result), undefined)).toBeNull();
    expect(acks[0]?.ok).toBe(false);
  });
});
