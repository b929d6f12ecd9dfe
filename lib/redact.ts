/**
 * Removes secrets before anything is written to a log, an audit entry, an export or an error.
 * Three nets: keys whose name says "secret", values known to be secrets (registered by the
 * vault and the start-up code), and patterns that look like credentials.
 */
export const REDACTED = "[REDACTED]";

const SENSITIVE_KEY =
  /pass(word|wd|phrase)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|signing[-_]?key/i;

/**
 * Names with "token" in them that count tokens (usage figures, limits). Their numbers are not
 * credentials and are kept; the same names holding anything but a number are still redacted, and
 * so is a bare "token" even when it is a number (a one-time code).
 */
const TOKEN_COUNT_KEY = /tokens$|token[-_]?(count|usage|limit|budget)s?$|^(max|num)[-_]?tokens?$/i;

const isSensitive = (key: string, value: unknown) =>
  SENSITIVE_KEY.test(key) &&
  !(typeof value === "number" && TOKEN_COUNT_KEY.test(key) && !/pass|secret|key|auth|cookie|credential/i.test(key));

const PATTERNS: RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\blap_[A-Za-z0-9]{8}_[A-Za-z0-9]{20,}\b/g, // this app's API tokens
  /\bsk-[A-Za-z0-9_-]{16,}\b/g, // OpenAI / OpenRouter style keys
  /(\w+:\/\/[^\s:/@]+:)[^\s@/]+@/g, // user:password@ in URLs
];

const known = new Set<string>();

/** Registers a value that must never appear anywhere (ignored when too short to be safe to match). */
export function registerSecretValue(value: string | null | undefined): void {
  if (value && value.length >= 6) known.add(value);
}

export function forgetSecretValue(value: string): void {
  known.delete(value);
}

export function redactString(input: string): string {
  let out = input;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const re of PATTERNS) {
    out = out.replace(re, (_match, p1: string | undefined) =>
      re.source.startsWith("(\\w+") && p1 ? `${p1}${REDACTED}@` : REDACTED,
    );
  }
  return out;
}

export function redact<T>(value: T, depth = 0): T {
  if (depth > 8) return "[…]" as T;
  if (typeof value === "string") return redactString(value) as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as T;
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message) } as T;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSensitive(k, v) && v != null && v !== "" ? REDACTED : redact(v, depth + 1);
    }
    return out as T;
  }
  return value;
}
