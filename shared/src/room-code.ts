/**
 * Room codes: short, typed by people, read aloud. The alphabet leaves out look-alikes (0/O, 1/I/L), so
 * 31 symbols over 6 places give 31^6 ≈ 8.9e8 codes.
 */
export const ROOM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const ROOM_CODE_LENGTH = 6;

const ROOM_CODE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

/** A new crypto-random room code (Web Crypto: works in browsers and Node alike). */
export function generateRoomCode(): string {
  // Rejection sampling keeps every symbol equally likely: 248 = 8 * 31 is the largest multiple below 256.
  const limit = 256 - (256 % ROOM_CODE_ALPHABET.length);
  let code = "";
  while (code.length < ROOM_CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(ROOM_CODE_LENGTH * 2))) {
      if (byte < limit && code.length < ROOM_CODE_LENGTH)
        code += ROOM_CODE_ALPHABET.charAt(byte % ROOM_CODE_ALPHABET.length);
    }
  }
  return code;
}

/** What a person typed, in canonical form: upper case, without spaces or dashes. */
export function normalizeRoomCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function isRoomCode(value: string): boolean {
  return ROOM_CODE_PATTERN.test(value);
}
