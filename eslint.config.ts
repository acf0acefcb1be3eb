import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import type { Linter } from "eslint";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Workspace boundaries from STYLE.md: what each part of the tree must never import. */
const boundaries = {
  shared: ["@rallypoint/server", "@rallypoint/client", "@rallypoint/e2e", "node:*"],
  server: ["@rallypoint/client", "@rallypoint/e2e", "**/web-client/**", "**/e2e/**"],
  net: ["**/game/**", "@rallypoint/server", "**/signaling-server/**"],
  game: ["**/net/*/**", "@rallypoint/server", "**/signaling-server/**"],
  // @rallypoint/client: types only (see below).
  e2e: ["@rallypoint/server", "**/signaling-server/src/**", "**/web-client/src/**"],
};
/**
 * What the browser loads (shared's schemas, the net library) imports zod/mini: its functions tree-shake, where full
 * zod's methods cannot and would cost the bundle about 20 KB gzipped (`npm run size` checks the total).
 */
const fullZod = ["zod", "zod/v4"].map((name) => ({
  name,
  message: "The browser loads this: import zod/mini instead.",
}));
const forbid = (patterns: string[], paths: { name: string; message: string }[] = []): Linter.RulesRecord => ({
  "no-restricted-imports": [
    "error",
    {
      paths,
      patterns: patterns.map((group) => ({ group: [group], message: "Crosses a workspace boundary (see STYLE.md)." })),
    },
  ],
});

export default defineConfig(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/test-results/**",
      "**/playwright-report/**",
      // The API reference TypeDoc writes (npm run docs:api).
      "docs/api/**",
      // A game project outside the repository's rules, typechecked by the consumer test (e2e/consumer/run.ts).
      "e2e/consumer/fixture/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
    },
  },
  {
    // Socket.IO handlers may be async: the event guard (security/event-guard.ts) wraps every listener, logs what a
    // returned promise rejects with and answers the client `internal`, so no rejection goes unhandled.
    files: ["signaling-server/src/realtime/**"],
    rules: { "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }] },
  },
  { files: ["shared/src/**"], rules: forbid(boundaries.shared, fullZod) },
  { files: ["signaling-server/**"], rules: forbid(boundaries.server) },
  { files: ["web-client/src/net/**"], rules: forbid(boundaries.net, fullZod) },
  { files: ["web-client/src/game/**"], rules: forbid(boundaries.game) },
  { files: ["e2e/**"], rules: forbid(boundaries.e2e) },
  {
    // e2e drives pages that load the built library: it names the library's public types, never imports its code.
    files: ["e2e/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@rallypoint/client", "@rallypoint/client/*"],
              allowTypeImports: true,
              message: "e2e runs the library in the browser: import its types only (import type).",
            },
          ],
        },
      ],
    },
  },
);
