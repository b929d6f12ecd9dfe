import { AppError } from "@/lib/errors";
import { type SettingChange, diffSettings, sectionsOf } from "@/lib/settings/diff";
import {
  type SettingsDocument,
  settingsDocumentSchema,
  settingsFromDocument,
  toSettingsDocument,
} from "@/lib/settings/document";
import { describeSettingsIssues } from "@/lib/settings/messages";
import {
  DEFAULT_SETTINGS,
  FIELD_META,
  fieldMeta,
  fieldSchemas,
  SECTION_KEYS,
  type SectionKey,
  type Settings,
  type SettingsChanges,
  settingsChangesSchema,
  settingsSchema,
} from "@/lib/settings/schema";
import type { AuthUser } from "@/server/auth/session";
import { recordAudit } from "@/server/audit";
import { eventBus } from "@/server/events";
import { logger, setMinLogLevel } from "@/server/logger";
import { readStoredSections, writeSections } from "@/server/settings/store";
import { assertToolSwitchesConfirmed } from "@/server/tools/switch-guard";

type Actor = Pick<AuthUser, "id" | "email">;

export interface ApplyResult {
  /** "section.field" paths whose value changed. */
  changed: string[];
  /** The changed paths that take effect only after a restart. */
  restartRequired: string[];
}

/**
 * A stored section, field by field: a field that is missing or no longer valid (an older version
 * wrote it, or someone edited the database) falls back to its default and is logged; the app
 * keeps running.
 */
function resolveSection<S extends SectionKey>(section: S, raw: string | undefined): Settings[S] {
  const defaults = DEFAULT_SETTINGS[section];
  if (raw === undefined) return structuredClone(defaults);
  let stored: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    stored = parsed as Record<string, unknown>;
  } catch {
    logger.warn("settings", `Stored ${section} settings are unreadable; using the defaults.`, { section });
    return structuredClone(defaults);
  }
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(FIELD_META[section])) {
    const schema = (
      fieldSchemas[section] as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>
    )[field]!;
    const fallback = (defaults as Record<string, unknown>)[field];
    if (!(field in stored)) {
      out[field] = structuredClone(fallback);
      continue;
    }
    const result = schema.safeParse(stored[field]);
    if (result.success) out[field] = result.data;
    else {
      logger.warn("settings", `Stored setting ${section}.${field} is no longer valid; using the default.`, {
        section,
        field,
      });
      out[field] = structuredClone(fallback);
    }
  }
  return out as Settings[S];
}

/**
 * The last stored text and what it resolved to. The rows are read every time (any writer, in this
 * process or another, is seen at once); only validating them again is skipped while they have not changed.
 */
let resolved: { stored: string; settings: Settings } | null = null;

export async function getSettings(): Promise<Settings> {
  const stored = await readStoredSections();
  const key = JSON.stringify([...stored]);
  if (resolved?.stored !== key) {
    const settings = {} as Record<SectionKey, unknown>;
    for (const section of SECTION_KEYS) settings[section] = resolveSection(section, stored.get(section));
    resolved = { stored: key, settings: settings as Settings };
  }
  // A copy: callers may change what they get without changing what the next caller gets.
  return structuredClone(resolved.settings);
}

/** The complete settings after a change, validated as a whole (cross-field rules included). */
function mergeChanges(current: Settings, changes: SettingsChanges): Settings {
  const merged = {} as Record<SectionKey, unknown>;
  for (const section of SECTION_KEYS) merged[section] = { ...current[section], ...changes[section] };
  const result = settingsSchema.safeParse(merged);
  if (!result.success) throw new AppError("BAD_REQUEST", describeSettingsIssues(result.error));
  return result.data;
}

/** Takes effect in this process right away, where the setting allows it. */
function applyLive(next: Settings, changes: SettingChange[]): void {
  if (changes.some((c) => c.path === "system.logLevel")) setMinLogLevel(next.system.logLevel);
}

/**
 * Diff-only, validated, atomic: only the fields that really change are written (nothing at all
 * when none does), every touched section in one transaction, then audited, published on the
 * `settings` topic and applied live where possible.
 */
export async function applySettings(input: {
  actor: Actor | null;
  changes: unknown;
  confirmations?: readonly string[];
}): Promise<ApplyResult> {
  const parsed = settingsChangesSchema.safeParse(input.changes);
  if (!parsed.success) throw new AppError("BAD_REQUEST", describeSettingsIssues(parsed.error));
  const current = await getSettings();
  const next = mergeChanges(current, parsed.data);
  assertToolSwitchesConfirmed(current, next, input.confirmations);
  const changes = diffSettings(current, next);
  if (changes.length === 0) return { changed: [], restartRequired: [] };

  const sections = sectionsOf(changes);
  await writeSections({
    sections: sections.map((section) => ({ section, value: JSON.stringify(next[section]) })),
    actorId: input.actor?.id ?? null,
  });

  const changed = changes.map((c) => c.path);
  const restartRequired = changed.filter((path) => fieldMeta(path)?.restartRequired);
  applyLive(next, changes);
  await recordAudit({
    actor: input.actor,
    action: "settings.apply",
    target: sections.join(","),
    details: { changes: Object.fromEntries(changes.map((c) => [c.path, { from: c.from, to: c.to }])), restartRequired },
  });
  eventBus.publish("settings", { sections, restartRequired });
  return { changed, restartRequired };
}

export async function exportSettings(): Promise<SettingsDocument> {
  return toSettingsDocument(await getSettings());
}

/** Validates a settings document and applies it through the same path as a form's Apply. */
export async function importSettings(input: { actor: Actor | null; document: unknown }): Promise<ApplyResult> {
  const parsed = settingsDocumentSchema.safeParse(input.document);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `This settings file cannot be imported. ${describeSettingsIssues(parsed.error, ["settings"])}`,
    );
  const target = settingsFromDocument(parsed.data, await getSettings());
  return applySettings({ actor: input.actor, changes: target });
}
