import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ROOM_CODE_ALPHABET, generateRoomCode, isRoomCode, normalizeRoomCode } from "./room-code.js";

describe("room codes", () => {
  it("are valid codes without look-alike characters", () => {
    for (let i = 0; i < 1000; i++) {
      const code = generateRoomCode();
      expect(isRoomCode(code)).toBe(true);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });

  it("use every symbol of the alphabet", () => {
    const seen = new Set(Array.from({ length: 2000 }, generateRoomCode).join(""));
    expect(seen.size).toBe(ROOM_CODE_ALPHABET.length);
  });

  it("are read case-insensitively, ignoring spaces and dashes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Array.from({ length: 50 }, generateRoomCode)), (code) => {
        const typed = `${code.slice(0, 3).toLowerCase()} - ${code.slice(3)}`;
        expect(normalizeRoomCode(typed)).toBe(code);
      }),
    );
  });

  it("rejects look-alikes and wrong lengths", () => {
    expect(isRoomCode("ABCDE0")).toBe(false);
    expect(isRoomCode("ABCDEO")).toBe(false);
    expect(isRoomCode("ABCDE")).toBe(false);
    expect(isRoomCode("ABCDEFG")).toBe(false);
  });
});
