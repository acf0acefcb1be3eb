import { createHmac } from "node:crypto";
import type { IceGrant, IceServer, MemberId } from "@rallypoint/protocol";

/** A TURN server with one long-lived credential that every member gets. */
export interface StaticTurn {
  kind: "static";
  urls: string[];
  username: string;
  credential: string;
}

/** A TURN server sharing a secret with us (coturn `use-auth-secret`): each member gets its own expiring credential. */
export interface EphemeralTurn {
  kind: "ephemeral";
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

export interface IceConfig {
  stunUrls: string[];
  turn: StaticTurn | EphemeralTurn | undefined;
}

/**
 * A TURN REST API credential ("A REST API for access to TURN services", as coturn implements it): the username is
 * `${expiry}:${memberId}` with the expiry in Unix seconds, the credential base64(HMAC-SHA1(secret, username)). The
 * TURN server recomputes it from the shared secret, so nothing has to be stored or synchronized.
 */
export function turnRestCredential(
  secret: string,
  memberId: MemberId,
  expiresAtSeconds: number,
): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${memberId}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}

/** Hands each member the ICE servers to use: STUN as configured, TURN with a static or a fresh ephemeral credential. */
export class IceProvider {
  constructor(
    private readonly config: IceConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The same servers without credentials, for anyone: their URLs are no secret (every member sees them), and a TURN
   * server refuses an allocation without a credential, so they cannot be used to relay.
   */
  withoutCredentials(): IceGrant {
    const urls = [this.config.stunUrls, this.config.turn?.urls ?? []].filter((list) => list.length > 0);
    return { iceServers: urls.map((list) => ({ urls: list })), iceServersTtlMs: null };
  }

  forMember(memberId: MemberId): IceGrant {
    const iceServers: IceServer[] = [];
    if (this.config.stunUrls.length > 0) iceServers.push({ urls: this.config.stunUrls });
    const turn = this.config.turn;
    if (!turn) return { iceServers, iceServersTtlMs: null };
    if (turn.kind === "static") {
      iceServers.push({ urls: turn.urls, username: turn.username, credential: turn.credential });
      return { iceServers, iceServersTtlMs: null };
    }
    const expiresAtSeconds = Math.floor(this.now() / 1000) + turn.ttlSeconds;
    iceServers.push({ urls: turn.urls, ...turnRestCredential(turn.secret, memberId, expiresAtSeconds) });
    return { iceServers, iceServersTtlMs: turn.ttlSeconds * 1000 };
  }
}
