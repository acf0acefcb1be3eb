import { describe, expect, it } from "vitest";
import { withDefaults } from "./with-defaults.js";

describe("withDefaults", () => {
  it("keeps a default when the option is missing or undefined", () => {
    const defaults = { capacity: 32, maxExtrapolationMs: 250 };
    expect(withDefaults(defaults, { capacity: undefined, maxExtrapolationMs: 0 })).toEqual({
      capacity: 32,
      maxExtrapolationMs: 0,
    });
    expect(defaults).toEqual({ capacity: 32, maxExtrapolationMs: 250 });
  });
});
