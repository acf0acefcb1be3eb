import { describe, expect, it } from "vitest";
import { MemberTokens } from "./member-tokens.js";

describe("MemberTokens", () => {
  it("accepts a member's own token only", () => {
    const tokens = new MemberTokens();
    const a = tokens.issue("a");
    const b = tokens.issue("b");
    expect(a).not.toBe(b);
    expect(tokens.verify("a", a)).toBe(true);
    expect(tokens.verify("a", b)).toBe(false);
    expect(tokens.verify("a", "")).toBe(false);
    expect(tokens.verify("nobody", a)).toBe(false);
    expect(tokens.memberOf(b)).toBe("b");
  });

  it("forgets a revoked token and tells the listeners once", () => {
    const tokens = new MemberTokens();
    const revoked: string[] = [];
    tokens.onRevoked((id) => revoked.push(id));
    const a = tokens.issue("a");
    tokens.revoke("a");
    tokens.revoke("a");
    expect(tokens.verify("a", a)).toBe(false);
    expect(tokens.memberOf(a)).toBeUndefined();
    expect(revoked).toEqual(["a"]);
  });

  it("replaces the old token when a member is issued a new one", () => {
    const tokens = new MemberTokens();
    const first = tokens.issue("a");
    const second = tokens.issue("a");
    expect(tokens.verify("a", first)).toBe(false);
    expect(tokens.verify("a", second)).toBe(true);
    expect(tokens.memberOf(first)).toBeUndefined();
  });
});
