import { createSignalingServer } from "./app.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

const config = loadConfig();
const log = createLogger(config.logLevel);
const server = createSignalingServer(config, { log });
const address = await server.listen();
log.info({ address: address.address, port: address.port }, `Rallypoint listening on http://localhost:${address.port}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "shutting down");
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
