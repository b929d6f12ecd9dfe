import { z } from "zod";
import { LOG_LEVELS } from "@/lib/log-levels";
import { DEFAULT_OLLAMA_CONTEXT } from "@/lib/ai/ollama-options";

/** detect: tools only for models that report tool support (or are listed); all: every model. */
export const TOOL_SUPPORT_MODES = ["detect", "all"] as const;

/**
 * The typed settings model, shared by the server (validation, storage) and the Settings pages
 * (forms, inline validation). Field schemas carry no defaults: the defaults live in
 * DEFAULT_SETTINGS, so a partial change object never picks up a default by accident.
 */
const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(500, "Use at most 500 characters.")
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
      } catch {
        return false;
      }
    }, `Enter a full http:// or https:// URL for the ${what}.`);

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number({ error: "Enter a number." })
    .int("Enter a whole number.")
    .min(min, `Enter ${min} to ${max} ${unit}.`)
    .max(max, `Enter ${min} to ${max} ${unit}.`);

/** A per-provider default: empty, or a model id of that provider. */
const providerModelId = (provider: string, example: string) =>
  z
    .string()
    .trim()
    .max(300, "Use at most 300 characters.")
    .regex(new RegExp(`^$|^${provider}:\\S+$`), `Use a model id such as ${example}, or leave it empty.`);

export const endpointSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Invalid endpoint id."),
  name: z.string().trim().min(1, "Give the endpoint a name.").max(60, "Use at most 60 characters."),
  baseUrl: httpUrl("endpoint's base URL"),
  enabled: z.boolean(),
});
export type OpenAICompatibleEndpoint = z.infer<typeof endpointSchema>;

export const fieldSchemas = {
  workspace: {
    name: z.string().trim().min(1, "Enter a workspace name.").max(80, "Use at most 80 characters."),
    autoSaveSeconds: wholeNumber(1, 3600, "seconds"),
  },
  providers: {
    ollamaUrl: httpUrl("Ollama URL"),
    ollamaContextLength: wholeNumber(512, 1_048_576, "tokens"),
    idleTimeoutSeconds: wholeNumber(1, 3600, "seconds"),
    openaiCompatible: z
      .array(endpointSchema)
      .max(20, "Add at most 20 endpoints.")
      .refine((list) => new Set(list.map((e) => e.id)).size === list.length, "Each endpoint needs its own id.")
      .refine(
        (list) => new Set(list.map((e) => e.name.toLowerCase())).size === list.length,
        "Give each endpoint a different name.",
      ),
    openrouterBaseUrl: httpUrl("OpenRouter API URL"),
    defaultModel: z
      .string()
      .trim()
      .max(300, "Use at most 300 characters.")
      .regex(
        /^$|^(ollama|openrouter|compat|embedded):\S+$/,
        "Use a model id such as ollama:llama3.2, openrouter:openai/gpt-4o-mini, compat:<endpoint>:<model> or embedded:<file>.gguf, or leave it empty.",
      ),
    ollamaEnabled: z.boolean({ error: "Choose on or off." }),
    defaultOllamaModel: providerModelId("ollama", "ollama:llama3.2"),
    defaultCompatModel: providerModelId("compat", "compat:<endpoint>:<model>"),
    defaultOpenrouterModel: providerModelId("openrouter", "openrouter:openai/gpt-4o-mini"),
    defaultEmbeddedModel: providerModelId("embedded", "embedded:<file>.gguf"),
  },
  system: {
    logLevel: z.enum(LOG_LEVELS, { error: `Choose one of ${LOG_LEVELS.join(", ")}.` }),
    retentionDays: wholeNumber(1, 3650, "days"),
    maxUploadMb: wholeNumber(1, 10240, "MB"),
  },
  security: {
    safeMode: z.boolean({ error: "Choose on or off." }),
    sessionLockMinutes: wholeNumber(0, 1440, "minutes"),
  },
  tools: {
    networkEnabled: z.boolean({ error: "Choose on or off." }),
    shellEnabled: z.boolean({ error: "Choose on or off." }),
    allowedHosts: z
      .string()
      .trim()
      .max(2000, "Use at most 2000 characters.")
      .refine(
        (v) => splitHostList(v).every((h) => /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$|^\[?[0-9a-f:.]+\]?$/i.test(h)),
        "List host names or IP addresses separated by commas, e.g. localhost, 192.168.1.20 (no scheme, no port).",
      ),
    toolTimeoutSeconds: wholeNumber(1, 600, "seconds"),
    maxOutputKb: wholeNumber(1, 1024, "KB"),
    searchUrl: httpUrl("search URL"),
    toolSupport: z.enum(TOOL_SUPPORT_MODES, { error: `Choose one of ${TOOL_SUPPORT_MODES.join(", ")}.` }),
    toolModels: z.string().trim().max(2000, "Use at most 2000 characters."),
  },
  rag: {
    chatTopK: wholeNumber(1, 20, "passages"),
    rerank: z.boolean({ error: "Choose on or off." }),
    rerankCandidates: wholeNumber(2, 30, "passages"),
  },
} as const;

/** "a, b c" -> ["a", "b", "c"], lower-cased: the admin's web-tool allow-list as entered. */
export function splitHostList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

export const sectionSchemas = {
  workspace: z.strictObject(fieldSchemas.workspace),
  providers: z.strictObject(fieldSchemas.providers),
  system: z.strictObject(fieldSchemas.system),
  security: z.strictObject(fieldSchemas.security),
  tools: z.strictObject(fieldSchemas.tools),
  rag: z.strictObject(fieldSchemas.rag),
};

export const SECTION_KEYS = ["workspace", "providers", "system", "security", "tools", "rag"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const settingsSchema = z.strictObject(sectionSchemas);
export type Settings = z.infer<typeof settingsSchema>;
export type FieldKey<S extends SectionKey> = keyof Settings[S] & string;

export const DEFAULT_SETTINGS: Settings = {
  workspace: { name: "My workspace", autoSaveSeconds: 10 },
  providers: {
    ollamaUrl: "http://localhost:11434",
    ollamaContextLength: DEFAULT_OLLAMA_CONTEXT,
    idleTimeoutSeconds: 180,
    openaiCompatible: [],
    openrouterBaseUrl: "https://openrouter.ai/api/v1",
    defaultModel: "",
    ollamaEnabled: true,
    defaultOllamaModel: "",
    defaultCompatModel: "",
    defaultOpenrouterModel: "",
    defaultEmbeddedModel: "",
  },
  system: { logLevel: "INFO", retentionDays: 30, maxUploadMb: 50 },
  security: { safeMode: false, sessionLockMinutes: 0 },
  tools: {
    networkEnabled: false,
    shellEnabled: false,
    allowedHosts: "",
    toolTimeoutSeconds: 30,
    maxOutputKb: 64,
    searchUrl: "https://html.duckduckgo.com/html/",
    toolSupport: "detect",
    toolModels: "",
  },
  rag: { chatTopK: 5, rerank: false, rerankCandidates: 15 },
};

/** A change: any subset of sections, each any subset of its fields. Unknown keys are refused. */
export const settingsChangesSchema = z.strictObject({
  workspace: sectionSchemas.workspace.partial().optional(),
  providers: sectionSchemas.providers.partial().optional(),
  system: sectionSchemas.system.partial().optional(),
  security: sectionSchemas.security.partial().optional(),
  tools: sectionSchemas.tools.partial().optional(),
  rag: sectionSchemas.rag.partial().optional(),
});
export type SettingsChanges = z.infer<typeof settingsChangesSchema>;

export type FieldKind = "text" | "url" | "number" | "select" | "switch" | "endpoints";

export interface FieldMeta {
  label: string;
  help: string;
  kind: FieldKind;
  /** True when the running server only picks the new value up after a restart. */
  restartRequired: boolean;
  unit?: string;
  options?: readonly string[];
}

export const SECTION_META: Record<SectionKey, { title: string; description: string }> = {
  workspace: { title: "Workspace", description: "What this installation is called and how often editors save." },
  providers: {
    title: "Providers",
    description:
      "Where models come from: a local Ollama server, OpenAI-compatible endpoints, OpenRouter and GGUF files, and which model is the default.",
  },
  system: { title: "System", description: "Logging, log retention and upload limits." },
  security: { title: "Security", description: "Safe Mode, the session lock and the secrets vault." },
  tools: { title: "Tools", description: "What agents' tools may reach, and how long and how much they may return." },
  rag: { title: "Data & RAG", description: 'How chats with "Use documents" on draw on the knowledge base.' },
};

export const FIELD_META: { [S in SectionKey]: Record<FieldKey<S>, FieldMeta> } = {
  workspace: {
    name: {
      label: "Workspace name",
      help: "Shown in the sidebar and in exports.",
      kind: "text",
      restartRequired: false,
    },
    autoSaveSeconds: {
      label: "Auto-save interval",
      help: "How often open editors (workflows, drafts) save while you type.",
      kind: "number",
      unit: "seconds",
      restartRequired: false,
    },
  },
  providers: {
    ollamaUrl: {
      label: "Ollama URL",
      help: "Base URL of the Ollama server for local models, e.g. http://localhost:11434.",
      kind: "url",
      restartRequired: false,
    },
    ollamaContextLength: {
      label: "Ollama context window",
      help: "Tokens Ollama keeps in memory per chat (num_ctx), sent with every request and capped at the model's own maximum. Ollama would otherwise pick one itself (4,096 on most machines) and silently drop the start of longer chats; with it the app knows the window and sends the newest history that fits three quarters of it. Raise it for long chats and documents: larger windows need more memory, and Ollama reloads a model when this changes.",
      kind: "number",
      unit: "tokens",
      restartRequired: false,
    },
    idleTimeoutSeconds: {
      label: "Provider idle timeout",
      help: "A model call that receives nothing for this long is stopped with an error, so a stalled provider cannot keep a chat or a task waiting. It counts the wait for the first token too: a large prompt on a slow machine can take minutes before the first token, so raise it if long prompts to local models get cut off.",
      kind: "number",
      unit: "seconds",
      restartRequired: false,
    },
    openaiCompatible: {
      label: "OpenAI-compatible endpoints",
      help: "Servers that speak the OpenAI API (LM Studio, vLLM, llama.cpp server, ...). Chat uses the enabled ones.",
      kind: "endpoints",
      restartRequired: false,
    },
    openrouterBaseUrl: {
      label: "OpenRouter API URL",
      help: "Where OpenRouter requests go; change it only for a proxy. The key is kept in the vault.",
      kind: "url",
      restartRequired: false,
    },
    defaultModel: {
      label: "Default model",
      help: "Model used when a chat or agent names none, e.g. ollama:llama3.2 or embedded:stories260K.gguf. Empty uses the first per-provider default below that is available, else the first model listed.",
      kind: "text",
      restartRequired: false,
    },
    ollamaEnabled: {
      label: "Use Ollama",
      help: "Off leaves Ollama out of the model lists and out of the Local / Cloud / Hybrid mode, e.g. on a machine without it.",
      kind: "switch",
      restartRequired: false,
    },
    defaultOllamaModel: {
      label: "Default Ollama model",
      help: "Ollama's model when the default model above is empty, e.g. ollama:llama3.2. Also set from the model table.",
      kind: "text",
      restartRequired: false,
    },
    defaultCompatModel: {
      label: "Default OpenAI-compatible model",
      help: "An endpoint's model, e.g. compat:lmstudio:qwen2.5-7b-instruct.",
      kind: "text",
      restartRequired: false,
    },
    defaultOpenrouterModel: {
      label: "Default OpenRouter model",
      help: "A cloud model, e.g. openrouter:openai/gpt-4o-mini; used only when no local default is available.",
      kind: "text",
      restartRequired: false,
    },
    defaultEmbeddedModel: {
      label: "Default embedded model",
      help: "A GGUF file from the models folder, e.g. embedded:stories260K.gguf.",
      kind: "text",
      restartRequired: false,
    },
  },
  system: {
    logLevel: {
      label: "Log level",
      help: "The least severe level that is recorded. Applies immediately (the LOG_LEVEL environment variable, when set, wins).",
      kind: "select",
      options: LOG_LEVELS,
      restartRequired: false,
    },
    retentionDays: {
      label: "Log retention",
      help: "Log entries older than this are deleted when the server starts.",
      kind: "number",
      unit: "days",
      restartRequired: true,
    },
    maxUploadMb: {
      label: "Maximum upload size",
      help: "Larger files are refused by every upload (documents, attachments, files).",
      kind: "number",
      unit: "MB",
      restartRequired: false,
    },
  },
  security: {
    safeMode: {
      label: "Safe Mode",
      help: "Removes the shell and internet tools from every agent at once, whatever each agent allows.",
      kind: "switch",
      restartRequired: false,
    },
    sessionLockMinutes: {
      label: "Session lock",
      help: "Lock the screen after this many idle minutes; 0 never locks.",
      kind: "number",
      unit: "minutes",
      restartRequired: false,
    },
  },
  tools: {
    networkEnabled: {
      label: "Internet tools",
      help: "Lets agents use web_fetch, web_search and MCP servers. Off by default; turning it on needs the typed phrase ENABLE NETWORK.",
      kind: "switch",
      restartRequired: false,
    },
    shellEnabled: {
      label: "Shell tool",
      help: "Lets agents run shell commands in the workspace folder. Off by default; turning it on needs the typed phrase ENABLE SHELL.",
      kind: "switch",
      restartRequired: false,
    },
    allowedHosts: {
      label: "Allowed private hosts",
      help: "Hosts the web tools may reach even though they are on this machine or the local network (e.g. localhost, 192.168.1.20). Comma-separated.",
      kind: "text",
      restartRequired: false,
    },
    toolTimeoutSeconds: {
      label: "Tool timeout",
      help: "A tool call that takes longer is stopped and the model is told so.",
      kind: "number",
      unit: "seconds",
      restartRequired: false,
    },
    maxOutputKb: {
      label: "Maximum tool output",
      help: "Longer tool results are cut to this size before the model reads them.",
      kind: "number",
      unit: "KB",
      restartRequired: false,
    },
    searchUrl: {
      label: "Web search URL",
      help: "The DuckDuckGo HTML endpoint web_search queries (?q= is added). Change it only for a proxy or mirror that answers in the same format.",
      kind: "url",
      restartRequired: false,
    },
    toolSupport: {
      label: "Which models get tools",
      help: "detect: only models that report tool support (Ollama capabilities) or are listed below; all: every model, even one that does not say so.",
      kind: "select",
      options: TOOL_SUPPORT_MODES,
      restartRequired: false,
    },
    toolModels: {
      label: "Models that support tools",
      help: "Model ids that get tools although they do not report it, e.g. ollama:mistral:7b, compat:lab:qwen. Comma-separated.",
      kind: "text",
      restartRequired: false,
    },
  },
  rag: {
    chatTopK: {
      label: "Passages per answer",
      help: 'How many knowledge-base passages a chat with "Use documents" hands the model (top K after the namespace\'s threshold and per-document cap).',
      kind: "number",
      unit: "passages",
      restartRequired: false,
    },
    rerank: {
      label: "Rerank with the chat model",
      help: "The chat model orders the retrieved passages by relevance before it answers (listwise). Better order for weak embedders; one extra model call per question.",
      kind: "switch",
      restartRequired: false,
    },
    rerankCandidates: {
      label: "Passages to rerank",
      help: 'How many retrieved passages the chat model orders when reranking is on; the best "Passages per answer" of them are kept.',
      kind: "number",
      unit: "passages",
      restartRequired: false,
    },
  },
};

export function fieldMeta(path: string): FieldMeta | undefined {
  const [section, field] = path.split(".") as [SectionKey, string];
  return (FIELD_META[section] as Record<string, FieldMeta> | undefined)?.[field];
}

/** "system.retentionDays" -> "Log retention". */
export function fieldLabel(path: string): string {
  return fieldMeta(path)?.label ?? path;
}
