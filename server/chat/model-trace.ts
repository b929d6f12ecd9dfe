import { redactString } from "@/lib/redact";

/** Stored request/response JSON beyond this is cut: the inspector is for reading, not archiving. */
export const MAX_TRACE_CHARS = 200_000;
const LONG_BASE64 = /^[A-Za-z0-9+/=\r\n]{2000,}$/;

/** Binary data and inline base64 (images) are summarised; the rest is kept as sent. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value instanceof ArrayBuffer) return `<${value.byteLength} bytes>`;
  if (
    value &&
    typeof value === "object" &&
    (value as { type?: unknown }).type === "Buffer" &&
    Array.isArray((value as { data?: unknown }).data)
  ) {
    return `<${(value as { data: unknown[] }).data.length} bytes>`;
  }
  if (typeof value === "string" && LONG_BASE64.test(value)) return `<base64 data, ${value.length} characters>`;
  if (typeof value === "string" && value.startsWith("data:") && value.length > 2000)
    return `<data URL, ${value.length} characters>`;
  return value;
}

/**
 * A request or response as stored on ModelCall: JSON, secrets redacted (known secret values and
 * credential patterns, lib/redact.ts), capped in size. Redaction works on the text, so token
 * counts such as "inputTokens" keep their numbers.
 */
export function serializeTrace(value: unknown): string | null {
  if (value === undefined) return null;
  let json = redactString(JSON.stringify(value, replacer, 2) ?? "null");
  if (json.length > MAX_TRACE_CHARS)
    json = JSON.stringify({ truncated: true, originalLength: json.length, preview: json.slice(0, MAX_TRACE_CHARS) });
  return json;
}

export function parseTrace(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
