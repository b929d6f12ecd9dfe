import { FIELD_META, SECTION_KEYS, type SectionKey, type Settings } from "@/lib/settings/schema";

export interface SettingChange {
  /** "section.field" */
  path: string;
  from: unknown;
  to: unknown;
}

/** JSON with sorted object keys, so equal values compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The fields whose value really differs between two complete settings objects, in schema order. */
export function diffSettings(current: Settings, next: Settings): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const section of SECTION_KEYS) {
    for (const field of Object.keys(FIELD_META[section])) {
      const from = (current[section] as Record<string, unknown>)[field];
      const to = (next[section] as Record<string, unknown>)[field];
      if (!sameValue(from, to)) changes.push({ path: `${section}.${field}`, from, to });
    }
  }
  return changes;
}

export function sectionsOf(changes: SettingChange[]): SectionKey[] {
  return SECTION_KEYS.filter((s) => changes.some((c) => c.path.startsWith(`${s}.`)));
}
