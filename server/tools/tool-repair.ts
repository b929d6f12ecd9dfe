/**
 * Small local models often get tool-call JSON slightly wrong. These pure helpers turn the usual
 * slips back into the JSON the tool expects, or say precisely what is wrong so the model can
 * call again with fixed arguments.
 */

const FENCE = /^\s*```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```\s*$/;

/** The first balanced {...} in a text, so JSON wrapped in prose ("Here are the args: {...}") is found. */
export function firstJsonObject(text: string): string | null {
  const start = text.indexOf("{");
  if (start < 0) return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/** Single-quoted strings become double-quoted ones; a double quote inside is escaped. */
function doubleQuoted(text: string): string {
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!quote) {
      if (c === "'") {
        quote = "'";
        out += '"';
      } else {
        if (c === '"') quote = '"';
        out += c;
      }
      continue;
    }
    if (c === "\\") {
      out += c + (text[i + 1] ?? "");
      i++;
    } else if (c === quote) {
      quote = null;
      out += '"';
    } else out += quote === "'" && c === '"' ? '\\"' : c;
  }
  return out;
}

function loosenedJson(text: string): string {
  return doubleQuoted(text)
    .replace(/,\s*([}\]])/g, "$1")
    .replace(/([{,]\s*)([A-Za-z_][\w-]*)\s*:/g, '$1"$2":')
    .replace(/:\s*True\b/g, ": true")
    .replace(/:\s*False\b/g, ": false")
    .replace(/:\s*None\b/g, ": null");
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Some models wrap the arguments in the call itself: {"name": "files_read", "arguments": {...}}
 * (or "parameters" / "input"); the tool wants only the arguments.
 */
function unwrapCall(value: Record<string, unknown>, toolName: string): Record<string, unknown> {
  const keys = Object.keys(value);
  const inner = value.arguments ?? value.parameters ?? value.input ?? value.args;
  const named = typeof value.name !== "string" || value.name === toolName;
  if (
    named &&
    inner &&
    typeof inner === "object" &&
    !Array.isArray(inner) &&
    keys.every((k) => ["name", "arguments", "parameters", "input", "args", "type"].includes(k))
  ) {
    return inner as Record<string, unknown>;
  }
  if (named && typeof inner === "string") return parseObject(inner) ?? value;
  return value;
}

/**
 * The tool input as valid JSON text, repaired from a model's attempt: code fences, JSON inside
 * prose, single quotes, trailing commas, unquoted keys, Python literals, and the call wrapped
 * around its arguments. Null when nothing parseable is left.
 */
export function repairToolInput(raw: string, toolName: string): string | null {
  const trimmed = raw.trim();
  if (!trimmed) return "{}";
  const unfenced = trimmed.match(FENCE)?.[1] ?? trimmed;
  const candidates = [unfenced, firstJsonObject(unfenced)].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    const value = parseObject(candidate) ?? parseObject(loosenedJson(candidate));
    if (value) return JSON.stringify(unwrapCall(value, toolName));
  }
  return null;
}

/** A tool name the model slightly misspelled ("Files_Read", "functions.files_read", "files-read") mapped to an offered one. */
export function matchToolName(name: string, offered: readonly string[]): string | null {
  if (offered.includes(name)) return name;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/^(functions?|tools?)[.:/]/, "")
      .replace(/[-\s.]/g, "_");
  const wanted = norm(name);
  const hits = offered.filter((o) => norm(o) === wanted);
  return hits.length === 1 ? hits[0]! : null;
}
