import type { z } from "zod";
import { describe, expect, expectTypeOf, it } from "vitest";
import { envName, type SettingsSchema } from "./config.js";
import type { StandaloneOptions } from "./options.js";

describe("options", () => {
  it("documents every setting the schema checks, and nothing else", () => {
    type Checked = keyof z.input<typeof SettingsSchema>;
    type Documented = Exclude<keyof StandaloneOptions, "production" | "logger" | "authenticate">;
    expectTypeOf<Checked>().toEqualTypeOf<Documented>();
  });

  it("are read from environment variables of the same name in SCREAMING_SNAKE_CASE", () => {
    expect(envName("roomCapacity")).toBe("ROOM_CAPACITY");
    expect(envName("maxRoomsPerIp")).toBe("MAX_ROOMS_PER_IP");
    expect(envName("redisUrl")).toBe("REDIS_URL");
  });
});
