import { z } from "zod";
import { DEFAULT_SETTINGS, SECTION_KEYS, type Settings, settingsChangesSchema } from "@/lib/settings/schema";

/**
 * The export/import file: versioned, secrets excluded (they live in the vault, never in settings).
 * No timestamp inside, so exporting twice without a change gives byte-identical files.
 */
export const SETTINGS_DOCUMENT_FORMAT = "local-ai-platform/settings";
export const SETTINGS_DOCUMENT_VERSION = 1;

export const settingsDocumentSchema = z.strictObject({
  format: z.literal(SETTINGS_DOCUMENT_FORMAT, { error: "This is not a settings export of this app." }),
  version: z.literal(SETTINGS_DOCUMENT_VERSION, {
    error: `Only version ${SETTINGS_DOCUMENT_VERSION} settings exports can be imported.`,
  }),
  settings: settingsChangesSchema,
});
export type SettingsDocument = z.infer<typeof settingsDocumentSchema>;

export function toSettingsDocument(settings: Settings): SettingsDocument {
  return { format: SETTINGS_DOCUMENT_FORMAT, version: SETTINGS_DOCUMENT_VERSION, settings };
}

/**
 * What the settings become after an import: a section in the document replaces the current one
 * (its missing fields take their defaults); a section the document leaves out stays as it is.
 */
export function settingsFromDocument(document: SettingsDocument, current: Settings): Settings {
  const next = { ...current } as Record<string, unknown>;
  for (const section of SECTION_KEYS) {
    const incoming = document.settings[section];
    if (incoming) next[section] = { ...DEFAULT_SETTINGS[section], ...incoming };
  }
  return next as Settings;
}
