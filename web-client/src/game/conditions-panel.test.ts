import { describe, expect, it } from "vitest";
import { describeConditions, presetFor, PRESETS } from "./conditions-panel.js";

describe("conditions presets", () => {
  it("recognise their own conditions, and anything else as custom", () => {
    for (const preset of PRESETS.filter(({ id }) => id !== "custom")) {
      expect(presetFor(preset.conditions)).toBe(preset.id);
    }
    expect(presetFor({ latencyMs: 31, jitterMs: 5, lossPercent: 0 })).toBe("custom");
  });

  it("describe what is simulated in one line", () => {
    expect(describeConditions(null)).toMatch(/^Off/);
    expect(describeConditions({ latencyMs: 200, jitterMs: 50, lossPercent: 2 })).toBe(
      "Simulating +200 ms RTT ± 50 ms and 2% state loss, to and from this player.",
    );
  });
});
