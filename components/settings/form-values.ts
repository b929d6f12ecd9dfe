import { sameValue } from "@/lib/settings/diff";
import { FIELD_META, type FieldMeta, fieldSchemas, type SectionKey, type Settings } from "@/lib/settings/schema";

/**
 * A section form's state: what the person typed (number fields stay text so "" and "1e" can be
 * shown and explained), and from it the parsed values, the inline errors and the changed fields.
 */
export type Draft = Record<string, unknown>;

/** Errors by key: a field name, or "<field>.<row>.<column>" inside the endpoints list. */
export type FieldErrors = Record<string, string>;

export function fieldsOf(section: SectionKey): [string, FieldMeta][] {
  return Object.entries(FIELD_META[section]) as [string, FieldMeta][];
}

export function toDraft(section: SectionKey, saved: Settings[SectionKey]): Draft {
  const draft: Draft = {};
  for (const [field, meta] of fieldsOf(section)) {
    const value = (saved as Record<string, unknown>)[field];
    draft[field] = meta.kind === "number" ? String(value) : structuredClone(value);
  }
  return draft;
}

function parseInput(meta: FieldMeta, raw: unknown): unknown {
  if (meta.kind !== "number") return raw;
  const text = String(raw).trim();
  return text === "" ? undefined : Number(text);
}

export interface DraftState {
  values: Record<string, unknown>;
  errors: FieldErrors;
  changed: string[];
}

export function evaluateDraft(section: SectionKey, saved: Settings[SectionKey], draft: Draft): DraftState {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const changed: string[] = [];
  for (const [field, meta] of fieldsOf(section)) {
    const schema = (
      fieldSchemas[section] as Record<
        string,
        {
          safeParse(v: unknown): {
            success: boolean;
            data?: unknown;
            error?: { issues: { path: PropertyKey[]; message: string }[] };
          };
        }
      >
    )[field]!;
    const input = parseInput(meta, draft[field]);
    const result = schema.safeParse(input);
    if (result.success) values[field] = result.data;
    else {
      for (const issue of result.error!.issues) {
        const key = issue.path.length > 0 ? `${field}.${issue.path.map(String).join(".")}` : field;
        errors[key] ??= issue.message;
      }
    }
    const comparable = result.success ? result.data : input;
    if (!sameValue(comparable, (saved as Record<string, unknown>)[field])) changed.push(field);
  }
  return { values, errors, changed };
}
