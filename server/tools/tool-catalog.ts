import { listTools } from "@/server/ai/tools/registry";
import type { ToolInfo } from "@/lib/tools/types";
import type { ToolSwitch } from "@/lib/tools/switch-phrases";
import { TOOL_SWITCH_PHRASES } from "@/lib/tools/switch-phrases";
import { AppError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import { mcpManager } from "@/server/mcp/manager";
import { type ApplyResult, applySettings, getSettings } from "@/server/settings/settings";
import { policyRefusal } from "@/server/tools/policy";
import { listRecentToolCalls } from "@/server/tools/store";

export interface CatalogTool extends ToolInfo {
  /** Why no agent can use it right now (Safe Mode, a switch), or null. Allow-lists are per agent. */
  blockedBy: string | null;
}

/** Every registered tool (MCP servers connected first) with what blocks it for this viewer: tools.list. */
export async function toolCatalog(viewer: Pick<AuthUser, "role">): Promise<CatalogTool[]> {
  await mcpManager().ensureStarted();
  const settings = await getSettings();
  const callerRole = viewer.role === "admin" ? "admin" : "user";
  return listTools().map((tool) => ({
    ...tool,
    blockedBy: policyRefusal({ tool, allowedTools: [tool.name], settings, callerRole }),
  }));
}

/** Settings → Tools switches: on needs the exact typed phrase, off needs nothing. */
export async function setToolSwitch(
  actor: Pick<AuthUser, "id" | "email">,
  input: { key: ToolSwitch; enabled: boolean; confirmation?: string },
): Promise<ApplyResult> {
  const phrase = TOOL_SWITCH_PHRASES[input.key];
  if (input.enabled && input.confirmation?.trim() !== phrase)
    throw new AppError("BAD_REQUEST", `Type ${phrase} exactly to turn this on.`);
  return applySettings({
    actor,
    changes: { tools: { [input.key]: input.enabled } },
    confirmations: input.enabled ? [phrase] : [],
  });
}

/** Recent tool calls, newest first; a user sees their own, an admin everyone's. */
export async function listToolCalls(
  viewer: Pick<AuthUser, "id" | "role">,
  filter: { agentId?: string; sessionId?: string; runId?: string; status?: string; limit: number },
) {
  return listRecentToolCalls({ ...filter, userId: viewer.role === "admin" ? undefined : viewer.id });
}
