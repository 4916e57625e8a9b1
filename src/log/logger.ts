import { randomUUID } from "node:crypto";

/** Structured JSON-lines logger. debug/info go to stdout, warn/error to stderr. Secrets are redacted. */
export type LogLevel = "debug" | "info" | "warn" | "error";
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` (e.g. `{correlationId}`) to every line. */
  child(bindings: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to process.stdout / process.stderr. Tests pass their own sink. */
  sink?: (level: LogLevel, line: string) => void;
  /** Clock for the `time` field (injectable for tests). */
  now?: () => Date;
  bindings?: LogFields;
}

export const REDACTED = "[REDACTED]";

/** Keys whose values are never logged (matched case-insensitively as a substring of the key). */
const SECRET_WORD = /(passw(or)?d|secret|token|authorization|assertion|cookie|credential)/;
/** Keys that look secret by the rules but are harmless. */
const SAFE_KEYS = new Set(["partitionkey", "sortkey", "tokencount", "tokentype"]);
/** A JWT (three base64url parts, header starting with eyJ). */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** `password=…`, `client_secret=…`, `AccountKey=…;`, `sig=…` in URLs, connection strings and messages. */
const ASSIGNMENT = /([A-Za-z_-]*(?:passw(?:or)?d|secret|token|key|sig|assertion))=([^&\s;"',]+)/gi;
/** "Bearer xxx" in free text. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase();
  if (SAFE_KEYS.has(k)) return false;
  return SECRET_WORD.test(k) || k.endsWith("key");
}

export function redactString(s: string): string {
  return s
    .replace(JWT, REDACTED)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(ASSIGNMENT, (_m, name: string) => `${name}=${REDACTED}`);
}

/** Deep copy of `value` with secret-looking keys and JWT-looking strings replaced. Errors become {name, message, stack}. */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    return value;
  }
  if (seen.has(value)) return "[Circular]";
  if (depth > 8) return "[Truncated]";
  seen.add(value);
  if (value instanceof Error) {
    const out: LogFields = { name: value.name, message: redactString(value.message) };
    if (value.stack) out.stack = redactString(value.stack);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = redact(code, depth + 1, seen);
    const statusCode = (value as { statusCode?: unknown }).statusCode;
    if (statusCode !== undefined) out.statusCode = statusCode;
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== undefined && v !== null && v !== "" ? REDACTED : redact(v, depth + 1, seen);
  }
  return out;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function defaultSink(level: LogLevel, line: string): void {
  if (level === "warn" || level === "error") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? "info"];
  const sink = opts.sink ?? defaultSink;
  const now = opts.now ?? (() => new Date());
  const bindings = opts.bindings ?? {};

  const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (ORDER[level] < min) return;
    const record = redact({ ...bindings, ...fields }) as LogFields;
    let line: string;
    try {
      line = JSON.stringify({ time: now().toISOString(), level, msg: redactString(msg), ...record });
    } catch {
      line = JSON.stringify({ time: now().toISOString(), level, msg: redactString(msg), logError: "fields not serializable" });
    }
    sink(level, line);
  };

  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (b) => createLogger({ ...opts, bindings: { ...bindings, ...b } }),
  };
}

/** A short random id to correlate log lines with what a user was told. */
export function newCorrelationId(): string {
  return randomUUID().replace(/-/g, "").slice(0, 12);
}
