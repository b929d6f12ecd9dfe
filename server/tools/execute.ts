import { getTool } from "@/server/ai/tools/registry";
import type { ToolContext, ToolLimits } from "@/lib/tools/types";
import { isAppError } from "@/lib/errors";
import { redact } from "@/lib/redact";
import { type Settings, splitHostList } from "@/lib/settings/schema";
import { logger } from "@/server/logger";
import { getSettings } from "@/server/settings/settings";
import { capText, serializeOutput } from "@/server/tools/output-cap";
import { policyRefusal } from "@/server/tools/policy";
import { insertToolCall } from "@/server/tools/store";
import { workspaceDir } from "@/server/tools/workspace";
import { callerRoleOf } from "@/server/tools/caller-role";

export type ToolCallStatus = "ok" | "error" | "denied" | "pending_approval" | "rejected";

export interface ToolCallRequest {
  name: string;
  input: unknown;
  userId: string;
  /** The calling agent's allow-list (AgentRunConfig.tools). */
  allowedTools: readonly string[];
  agentId?: string | null;
  runId?: string | null;
  sessionId?: string | null;
  messageId?: string | null;
  toolCallId?: string | null;
  /** True once the user approved this call; tools that need approval do not run without it. */
  approved?: boolean;
  /** The run's signal: cancelling the run stops the tool. */
  signal?: AbortSignal;
}

export interface ToolCallResult {
  id: string;
  status: ToolCallStatus;
  /** What the model reads: the capped result, or a refusal / error it can act on. */
  output: string;
  durationMs: number;
}

const MAX_STORED_INPUT = 16 * 1024;

function limitsFrom(tools: Settings["tools"]): ToolLimits {
  return {
    timeoutMs: tools.toolTimeoutSeconds * 1000,
    maxOutputBytes: tools.maxOutputKb * 1024,
    allowedHosts: splitHostList(tools.allowedHosts),
    searchUrl: tools.searchUrl,
  };
}

/** Rejects when the signal aborts, so a tool that ignores its signal still cannot hold the run. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

type RecordedCall = Omit<ToolCallRequest, "approved" | "signal" | "allowedTools">;

/** Who made a call and with what (input redacted and capped): the part every ToolCall row shares. */
function callRow(req: RecordedCall) {
  return {
    tool: req.name.slice(0, 200),
    toolCallId: req.toolCallId ?? null,
    agentId: req.agentId ?? null,
    runId: req.runId ?? null,
    sessionId: req.sessionId ?? null,
    messageId: req.messageId ?? null,
    userId: req.userId,
    input: capText(JSON.stringify(redact(req.input ?? null)) ?? "null", MAX_STORED_INPUT).text,
  };
}

/**
 * The one door through which every tool runs, for chat, agents and MCP tools alike: the policy
 * is checked here on the server at every call (allow-list, Safe Mode, the network and shell
 * switches, approval), the input is validated, the call runs under the per-tool timeout with its
 * output capped, and every call (denied ones too) is recorded in ToolCall and logged.
 */
export async function executeToolCall(req: ToolCallRequest): Promise<ToolCallResult> {
  const started = performance.now();
  const settings = await getSettings();
  const limits = limitsFrom(settings.tools);
  const tool = getTool(req.name);

  const finish = async (
    status: ToolCallStatus,
    output: string,
    extra: { error?: string; size?: number } = {},
  ): Promise<ToolCallResult> => {
    const durationMs = performance.now() - started;
    const capped = capText(output, limits.maxOutputBytes);
    const id = await insertToolCall({
      ...callRow(req),
      output: capped.text,
      outputSize: extra.size ?? capped.size,
      durationMs,
      status,
      error: extra.error ?? null,
    });
    const ids = { userId: req.userId, agentId: req.agentId ?? undefined, taskId: req.runId ?? undefined };
    const data = {
      tool: req.name,
      status,
      durationMs: Math.round(durationMs),
      toolCallRowId: id,
      ...(extra.error ? { reason: extra.error } : {}),
    };
    if (status === "ok" || status === "pending_approval")
      logger.info("tools", `Tool ${req.name}: ${status}`, data, ids);
    else logger.warn("tools", `Tool ${req.name}: ${status}`, data, ids);
    return { id, status, output: capped.text, durationMs };
  };

  if (!tool)
    return finish("denied", `There is no tool named "${req.name}". Use only the tools you were given.`, {
      error: "unknown tool",
    });
  const callerRole = await callerRoleOf(req.userId);
  const refusal = policyRefusal({ tool, allowedTools: req.allowedTools, settings, callerRole });
  if (refusal) return finish("denied", refusal, { error: refusal });
  if (tool.needsApproval && !req.approved) {
    return finish("pending_approval", `The call to "${tool.name}" waits for the user's approval.`);
  }

  const parsed = tool.inputSchema.safeParse(req.input ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return finish("error", `Invalid input for ${tool.name}: ${detail}. Fix the arguments and call it again.`, {
      error: detail,
    });
  }

  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const ctx: ToolContext = {
    userId: req.userId,
    agentId: req.agentId,
    runId: req.runId,
    sessionId: req.sessionId,
    messageId: req.messageId,
    toolCallId: req.toolCallId,
    signal,
    workspaceDir: await workspaceDir(),
    limits,
  };
  try {
    const output = serializeOutput(await abortable(tool.execute(parsed.data, ctx), signal));
    return finish("ok", output);
  } catch (err) {
    if (timeout.aborted) {
      const message = `${tool.name} did not finish within ${limits.timeoutMs / 1000} s and was stopped.`;
      return finish("error", message, { error: message });
    }
    if (req.signal?.aborted) return finish("error", `${tool.name} was cancelled with the run.`, { error: "cancelled" });
    // AppErrors carry a message meant for people (and models); anything else is logged in full.
    const message = isAppError(err)
      ? err.message
      : `${tool.name} failed: ${err instanceof Error ? err.message : String(err)}`;
    if (!isAppError(err)) logger.error("tools", `Tool ${tool.name} threw`, { error: err }, { userId: req.userId });
    return finish("error", message, { error: message });
  }
}

/**
 * Records a call that never reached the tool: refused before it ran (an approval an unattended
 * run cannot ask for, arguments no repair could parse). The model reads `output`.
 */
export async function recordRefusedToolCall(
  req: RecordedCall & { status: "denied" | "error"; output: string },
): Promise<ToolCallResult> {
  const id = await insertToolCall({ ...callRow(req), status: req.status, output: req.output, error: req.output });
  logger.warn(
    "tools",
    `Tool ${req.name}: ${req.status}`,
    { tool: req.name, reason: req.output, toolCallRowId: id },
    { userId: req.userId, agentId: req.agentId ?? undefined, taskId: req.runId ?? undefined },
  );
  return { id, status: req.status, output: req.output, durationMs: 0 };
}

/** Records a call the user rejected in the approval prompt, so the trail shows the decision. */
export async function recordRejectedToolCall(req: RecordedCall): Promise<ToolCallResult> {
  const id = await insertToolCall({ ...callRow(req), status: "rejected", output: "The user rejected this tool call." });
  logger.info(
    "tools",
    `Tool ${req.name}: rejected by the user`,
    { tool: req.name },
    { userId: req.userId, agentId: req.agentId ?? undefined },
  );
  return {
    id,
    status: "rejected",
    output: "The user rejected this tool call. Do not call it again unless asked.",
    durationMs: 0,
  };
}
