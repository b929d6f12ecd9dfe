import type { z } from "zod";

/** How much harm a tool can do; policy (Safe Mode, the network and shell switches) works on these. */
export const TOOL_RISKS = ["safe", "writes_files", "network", "code", "shell"] as const;
export type ToolRisk = (typeof TOOL_RISKS)[number];

export const RISK_LABELS: Record<ToolRisk, string> = {
  safe: "Safe",
  writes_files: "Writes files",
  network: "Network",
  code: "Executes code",
  shell: "Shell",
};

/** What the registry tells callers (agents page, chat, tools.list) about a tool. */
export interface ToolInfo {
  name: string;
  description: string;
  risk: ToolRisk;
  needsApproval: boolean;
  /** "builtin" or the MCP server the tool comes from. */
  source: string;
}

/** Limits that apply to one call, from settings.tools. */
export interface ToolLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  /** Hosts an admin allows web tools to reach even when they resolve to private addresses. */
  allowedHosts: string[];
  /** The DuckDuckGo HTML endpoint web_search queries. */
  searchUrl: string;
}

/** Who calls, on whose behalf, and where: everything a tool may use besides its input. */
export interface ToolContext {
  userId: string;
  agentId?: string | null;
  runId?: string | null;
  sessionId?: string | null;
  messageId?: string | null;
  toolCallId?: string | null;
  /** Aborted at the per-tool timeout and when the run is cancelled. */
  signal: AbortSignal;
  /** Absolute, real path of the folder file tools are confined to. */
  workspaceDir: string;
  limits: ToolLimits;
}

/** A tool result: text or JSON the model reads. */
export type ToolOutput = string | Record<string, unknown> | unknown[];

export interface ToolDefinition<I = unknown> {
  name: string;
  description: string;
  /** Validates the model's input; its JSON Schema is what the model sees. */
  inputSchema: z.ZodType<I>;
  /** Overrides the schema the model sees (MCP tools bring their own JSON Schema). */
  inputJsonSchema?: Record<string, unknown>;
  risk: ToolRisk;
  needsApproval: boolean;
  source?: string;
  execute(input: I, ctx: ToolContext): Promise<ToolOutput>;
}

/** Identity helper that keeps the input type of a tool file checked against its schema. */
export function defineTool<I>(def: ToolDefinition<I>): ToolDefinition<I> {
  return def;
}
