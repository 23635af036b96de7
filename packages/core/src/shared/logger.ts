import { appendFileSync } from "node:fs";

/**
 * Structured JSON logger: one line of JSON per record, on stdout (which Lambda sends to CloudWatch). One per process;
 * handlers make a child with the request id. Written here rather than taken from pino: Lambda needs none of pino's
 * transports or worker threads, and they cost the functions about 50 KB and their loading at every cold start.
 */
/** The levels, least severe first; `silent` logs nothing. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type Fields = Record<string, unknown>;
type Write = (record: Fields | string, msg?: string) => void;

export interface Logger {
  readonly level: LogLevel;
  child(bindings: Fields): Logger;
  trace: Write;
  debug: Write;
  info: Write;
  warn: Write;
  error: Write;
  fatal: Write;
}

/** Where lines go: anything with `write(line)` (a stream, or a test's collector). */
export interface LogDestination {
  write(line: string): unknown;
}

const RANK: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 99 };
/** Field names that always hold secrets: their values are never logged, at the top level or one level down. */
const SECRET_FIELDS = new Set(["token", "secret", "appSecret", "authorization", "cookie"]);

function destinationFromEnv(): LogDestination {
  // RIIA_LOG_FILE (local runs and tests only) sends the logs to a file, so a run's logs can be scanned for tokens.
  const file = process.env.RIIA_LOG_FILE;
  if (file) return { write: (line) => appendFileSync(file, line) };
  return { write: (line) => process.stdout.write(line) };
}

export function createLogger(options: { level?: string; base?: Fields; destination?: LogDestination } = {}): Logger {
  const level = (options.level && options.level in RANK ? options.level : "info") as LogLevel;
  const out = options.destination ?? destinationFromEnv();
  return makeLogger(level, { service: "riia", ...options.base }, out);
}

function makeLogger(level: LogLevel, bindings: Fields, out: LogDestination): Logger {
  const write = (label: Exclude<LogLevel, "silent">): Write => {
    if (RANK[label] < RANK[level]) return () => {};
    return (record, msg) => {
      const fields = typeof record === "string" ? {} : record;
      const message = typeof record === "string" ? record : msg;
      const line = { level: label, time: new Date().toISOString(), ...bindings, ...prepare(fields), msg: message };
      out.write(`${stringify(line)}\n`);
    };
  };
  return {
    level,
    child: (more) => makeLogger(level, { ...bindings, ...prepare(more) }, out),
    trace: write("trace"),
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    fatal: write("fatal"),
  };
}

/** Errors become `{ type, message, stack }`, secret fields `[redacted]`, and every string is scrubbed of tokens. */
function prepare(fields: Fields): Fields {
  const result: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELDS.has(key)) result[key] = "[redacted]";
    else if (value instanceof Error) result[key] = serialiseError(value);
    else if (value && typeof value === "object" && !Array.isArray(value))
      result[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? "[redacted]" : scrub(v, 1)]),
      );
    else result[key] = scrub(value);
  }
  return result;
}

function serialiseError(err: Error): Fields {
  const extra = Object.fromEntries(Object.entries(err).filter(([, v]) => typeof v !== "function"));
  return scrub({ type: err.name, message: err.message, stack: err.stack, ...extra }) as Fields;
}

/** JSON that survives what a log record may carry: circular references and bigints. */
function stringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object") {
      if (seen.has(v)) return "[Circular]";
      seen.add(v);
    }
    return v;
  });
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
