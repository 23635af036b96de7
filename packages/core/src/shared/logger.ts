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
    formatters: { level: (label) => ({ level: label }), log: (obj) => scrub(obj) as Record<string, unknown> },
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
  // RIIA_LOG_FILE (local runs and tests only) sends the logs to a file, so a run's logs can be scanned for tokens.
  const file = process.env.RIIA_LOG_FILE;
  const destination = options.destination ?? (file ? pino.destination({ dest: file, sync: true }) : undefined);
  return destination ? pino(settings, destination) : pino(settings);
}

/**
 * Is this path segment or query value a credential? Decided by its shape, not by which route it is
 * under, so a new route cannot leak: any unbroken run of 20+ letters and digits (random ids, base32
 * reply tokens, hex MACs, signatures), or a mixed-case string with digits of 16+ characters
 * (base64url), in any dot-separated part. Slugs such as `east-midlands-2026` or `self-evaluation` are kept.
 */
export function isTokenLike(value: string): boolean {
  let v = value;
  try {
    v = decodeURIComponent(value);
  } catch {
    /* keep the raw value */
  }
  if (v.length < 16) return false;
  // Signed tokens are `<payload>.<signature>`: judge each dot-separated part (ids like `cycle.form.LA` stay).
  return v
    .split(".")
    .some(
      (part) =>
        part.split(/[^A-Za-z0-9]+/).some((run) => run.length >= 20) ||
        (part.length >= 16 && /[a-z]/.test(part) && /[A-Z]/.test(part) && /[0-9]/.test(part) && !/\s/.test(part)),
    );
}

/** Query keys whose values are always secret, whatever they look like. */
const SECRET_KEYS = /^(token|t|u|state|secret|key|sig|signature|code|session|csrf)$/i;

/**
 * Remove credentials from a URL path (and query) before it is logged: any token-like path segment
 * becomes `:token`, any token-like (or secret-named) query value `[redacted]`.
 */
export function redactPath(path: string): string {
  const q = path.indexOf("?");
  const [pathname, query] = q < 0 ? [path, undefined] : [path.slice(0, q), path.slice(q + 1)];
  const safePath = pathname
    .split("/")
    .map((seg) => (isTokenLike(seg) ? ":token" : seg))
    .join("/");
  if (query === undefined) return safePath;
  const safeQuery = query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return isTokenLike(pair) ? "[redacted]" : pair;
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      return SECRET_KEYS.test(key) || isTokenLike(value) ? `${key}=[redacted]` : pair;
    })
    .join("&");
  return `${safePath}?${safeQuery}`;
}

/** Tokens inside free text: signed tokens, reply-address tokens, token-like segments of URLs. */
function scrubText(text: string): string {
  return text
    .replace(/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, (m) => (isTokenLike(m) ? ":token" : m))
    .replace(/(reply\+)[A-Za-z0-9]{12,}/gi, "$1:token")
    .replace(/(https?:\/\/[^\s"'<>]+|(?<![\w/])\/[a-z]\/[^\s"'<>]+)/g, (url) => redactPath(url));
}

/** Every string in a log record passes the same rule, whatever field it is in (depth-limited). */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 4 || value === null || typeof value !== "object" || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}
