import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logger. One per process; handlers make a child with the request id.
 * Redacts anything that could carry a link token or secret, so tokens never reach the logs.
 */
export function createLogger(
  options: { level?: string; base?: Record<string, unknown>; destination?: DestinationStream } = {},
): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? "info",
    base: { service: "riia", ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: [
        "token",
        "*.token",
        "secret",
        "*.secret",
        "appSecret",
        "*.appSecret",
        "authorization",
        "*.authorization",
        "cookie",
        "*.cookie",
      ],
      censor: "[redacted]",
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/**
 * Remove link tokens from a URL path before it is logged: `/f/<token>` → `/f/:token`.
 * Tokens are bearer credentials; they must never be written to logs.
 */
export function redactPath(path: string): string {
  return path.replace(/\/(f|t|s|r|a)\/[^/?#]+/g, "/$1/:token").replace(/([?&](token|t)=)[^&#]*/g, "$1[redacted]");
}
