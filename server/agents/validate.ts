import "server-only";
import { generateText } from "ai";
import type { ProviderConfig } from "@/server/ai/provider-config";
import { explainProviderError, resolveModel } from "@/server/ai/providers";
import { listTools } from "@/server/ai/tools/registry";
import { agentInputSchema, type AgentData } from "@/server/agents/agent-input";
import { describeZodError } from "@/server/api/trpc";
import { mcpToolName } from "@/server/mcp/mcp-config";
import { mcpManager } from "@/server/mcp/manager";
import { listAllMcpServers } from "@/server/mcp/store";
import { defaultModelId, modelDetails } from "@/server/providers/catalog";

export interface ValidationCheck {
  id: "input" | "model" | "tools" | "prompt";
  ok: boolean;
  message: string;
}

export interface AgentValidation {
  ok: boolean;
  checks: ValidationCheck[];
  /** The configuration a run would use, for the "resolved config" preview. */
  resolved: (AgentData & { resolvedModelId: string | null }) | null;
  latencyMs: number | null;
}

// A dry run must answer quickly or say the model is too slow; a cold local model may take a while.
const ANSWER_TIMEOUT_MS = 20_000;
const LOOKUP_TIMEOUT_MS = 5_000;
// Rough but safe for every tokenizer we meet: about four characters per token.
const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

const plural = (n: number, word: string) => `${word}${n > 1 ? "s" : ""}`;

/**
 * Every allow-listed tool must be in the registry now. A tool of an MCP server that is known but
 * not connected (reconnecting, failed, turned off) is "unavailable", not unknown: it comes back
 * with its server, and the message says what the server is doing.
 */
async function toolsCheck(tools: string[]): Promise<ValidationCheck> {
  await mcpManager().ensureStarted();
  const known = new Set(listTools().map((t) => t.name));
  const servers = await listAllMcpServers();
  const health = new Map(
    mcpManager()
      .health()
      .map((h) => [h.name, h]),
  );
  const unknown: string[] = [];
  const unavailable: string[] = [];
  for (const tool of tools) {
    const server = servers.find((s) => tool.startsWith(mcpToolName(s.name, "")));
    if (server) {
      const h = health.get(server.name);
      if (server.enabled && h?.status === "connected" && (tool.endsWith("*") || known.has(tool))) continue;
      const state = !server.enabled
        ? "turned off"
        : h
          ? `${h.status}${h.lastError ? `: ${h.lastError}` : ""}`
          : "not connected";
      if (!server.enabled || h?.status !== "connected")
        unavailable.push(`${tool} (MCP server "${server.name}" is ${state})`);
      else unknown.push(tool);
    } else if (!known.has(tool)) unknown.push(tool);
  }
  if (unknown.length === 0 && unavailable.length === 0) {
    return {
      id: "tools",
      ok: true,
      message: tools.length === 0 ? "No tools: the agent only talks." : `All ${tools.length} tools exist.`,
    };
  }
  const parts = [
    ...(unknown.length
      ? [
          `Unknown ${plural(unknown.length, "tool")}: ${unknown.join(", ")}. Remove ${unknown.length > 1 ? "them" : "it"} or connect the MCP server that provides ${unknown.length > 1 ? "them" : "it"}.`,
        ]
      : []),
    ...(unavailable.length
      ? [
          `Unavailable now: ${unavailable.join("; ")}. The agent gets ${unavailable.length > 1 ? "these tools" : "this tool"} back when the server is connected again.`,
        ]
      : []),
  ];
  return { id: "tools", ok: false, message: parts.join(" ") };
}

/**
 * "Validate agent": checks a draft (saved or not) the way a run would use it. The model must
 * resolve and answer a tiny prompt within a short timeout, every allow-listed tool must exist in
 * the registry, and the prompt plus the answer budget must fit the model's context window.
 */
export async function validateAgentDraft(
  draft: unknown,
  options: { config?: ProviderConfig; timeoutMs?: number } = {},
): Promise<AgentValidation> {
  const parsed = agentInputSchema.safeParse(draft);
  if (!parsed.success) {
    return {
      ok: false,
      checks: [{ id: "input", ok: false, message: describeZodError(parsed.error) }],
      resolved: null,
      latencyMs: null,
    };
  }
  const data = parsed.data;
  const checks: ValidationCheck[] = [{ id: "input", ok: true, message: "Every field is valid." }];

  checks.push(await toolsCheck(data.tools));

  let resolvedModelId: string | null = data.modelId;
  let contextLength: number | null = null;
  let latencyMs: number | null = null;
  if (!resolvedModelId) {
    resolvedModelId = await defaultModelId({
      config: options.config,
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
    }).catch(() => null);
  }
  if (!resolvedModelId) {
    checks.push({
      id: "model",
      ok: false,
      message: "No model to inherit: choose a model for the agent or set a default model in Settings -> Providers.",
    });
  } else {
    try {
      const resolved = await resolveModel(resolvedModelId, options.config);
      contextLength = await modelDetails(resolvedModelId, {
        config: options.config,
        signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      })
        .then((d) => d.contextLength)
        .catch(() => null);
      const started = performance.now();
      try {
        const answer = await generateText({
          model: resolved.model,
          system: "Reply with the single word OK.",
          prompt: "Are you there?",
          maxOutputTokens: 16,
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(options.timeoutMs ?? ANSWER_TIMEOUT_MS),
        });
        latencyMs = Math.round(performance.now() - started);
        const text = answer.text.trim();
        checks.push({
          id: "model",
          ok: true,
          message: `${resolved.id} answered in ${latencyMs} ms${text ? `: "${text.slice(0, 60)}"` : " (an empty answer)"}.`,
        });
      } catch (err) {
        const timedOut =
          (err as Error)?.name === "TimeoutError" || /timeout|aborted/i.test(String((err as Error)?.message));
        checks.push({
          id: "model",
          ok: false,
          message: timedOut
            ? `${resolved.id} did not answer within ${Math.round((options.timeoutMs ?? ANSWER_TIMEOUT_MS) / 1000)} s. Is it loaded and is the server reachable?`
            : explainProviderError(err, resolved.context).message,
        });
      }
    } catch (err) {
      checks.push({ id: "model", ok: false, message: (err as Error).message || "The model could not be resolved." });
    }
  }

  const promptTokens = estimateTokens(data.systemPrompt) + data.goals.reduce((n, g) => n + estimateTokens(g), 0);
  const reserve = data.maxTokens ?? 256;
  if (contextLength && promptTokens + reserve > contextLength) {
    checks.push({
      id: "prompt",
      ok: false,
      message: `The system prompt and goals take about ${promptTokens} tokens; with ${reserve} tokens for the answer that exceeds the model's context of ${contextLength}. Shorten the prompt or lower max tokens.`,
    });
  } else {
    checks.push({
      id: "prompt",
      ok: true,
      message: `The prompt takes about ${promptTokens} tokens${contextLength ? ` of the model's ${contextLength}` : ""}.`,
    });
  }
  return { ok: checks.every((c) => c.ok), checks, resolved: { ...data, resolvedModelId }, latencyMs };
}
