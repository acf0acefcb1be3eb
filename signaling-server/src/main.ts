#!/usr/bin/env node
// `rallypoint-server`: a standalone server configured from the environment (docs/server.md lists every variable).
import { loadConfig } from "./config.js";
import { devSessionSecret } from "./dev-session-secret.js";
import { createLogger } from "./observability/logger.js";
import { standaloneWithConfig } from "./standalone.js";

/** A platform such as Railway sends SIGKILL some seconds after SIGTERM; close well before that. */
const SHUTDOWN_TIMEOUT_MS = 5000;

const loaded = loadConfig();
// Outside production a restart keeps the rooms with no setup: the secret that signs seats is kept in a file.
const config =
  loaded.sessionSecret === undefined && !loaded.limits.isProduction
    ? { ...loaded, sessionSecret: devSessionSecret() }
    : loaded;
const log = createLogger(config.logLevel);
const server = standaloneWithConfig(config, { logger: log });
const address = await server.listen();
log.info({ address: address.address, port: address.port }, `Rallypoint listening on http://localhost:${address.port}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "shutting down");
    // close() is bounded by its own timeout; this is the last resort if something still holds the event loop.
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS + 2000).unref();
    server.close({ timeoutMs: SHUTDOWN_TIMEOUT_MS }).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
