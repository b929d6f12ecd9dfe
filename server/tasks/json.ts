import { redact } from "@/lib/redact";

const MAX_JSON_CHARS = 64 * 1024;

/** Inputs and outputs are stored redacted and capped, so a 5 MB step result cannot bloat the ledger. */
export function toStoredJson(value: unknown): string | null {
  if (value === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(redact(value)) ?? "null";
  } catch {
    return JSON.stringify({ unserialisable: String(value) });
  }
  if (text.length <= MAX_JSON_CHARS) return text;
  return JSON.stringify({ truncated: true, size: text.length, preview: text.slice(0, 2_000) });
}

export function fromStoredJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 4_000);
  if (err && typeof err === "object" && "message" in err)
    return String((err as { message: unknown }).message).slice(0, 4_000);
  return String(err).slice(0, 4_000);
}
