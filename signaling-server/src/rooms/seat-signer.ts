import { createHmac, randomBytes } from "node:crypto";
import type { MemberId } from "@rallypoint/protocol";

/**
 * Signs seats: a member's resume token is HMAC-SHA256(secret, `code:memberId`), base64url. Any process that knows
 * the secret can check a token with no stored state, so a server that restarted without its rooms (no Redis) still
 * knows a member's token is genuine and may put its room back (rooms/room-restore.ts).
 */
export class SeatSigner {
  private readonly secret: Buffer;

  /** Without a secret, a random one: tokens then only prove seats to this process. */
  constructor(secret?: string) {
    this.secret = secret === undefined ? randomBytes(32) : Buffer.from(secret, "utf8");
  }

  tokenFor(code: string, memberId: MemberId): string {
    return createHmac("sha256", this.secret).update(`${code}:${memberId}`).digest("base64url");
  }
}
