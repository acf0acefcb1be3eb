import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "../config.js";

/**
 * Structured JSON logs, one object per line on stdout (or `destination`). Levels are written as words ("info"),
 * which log platforms such as Railway's read as the line's severity; pino's default is a number.
 */
export function createLogger(level: Config["logLevel"], destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "rallypoint-signaling" },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
