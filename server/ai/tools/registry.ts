import { codeRun } from "@/server/ai/tools/code-run";
import { documentCreate } from "@/server/ai/tools/document-create";
import { filesList } from "@/server/ai/tools/files-list";
import { filesRead } from "@/server/ai/tools/files-read";
import { filesSearch } from "@/server/ai/tools/files-search";
import { filesWrite } from "@/server/ai/tools/files-write";
import { memorySave } from "@/server/ai/tools/memory-save";
import { memorySearch } from "@/server/ai/tools/memory-search";
import { shell } from "@/server/ai/tools/shell";
import { spreadsheetCreate } from "@/server/ai/tools/spreadsheet-create";
import type { ToolDefinition, ToolInfo } from "@/lib/tools/types";
import { webFetch } from "@/server/ai/tools/web-fetch";
import { webSearch } from "@/server/ai/tools/web-search";

export type { ToolContext, ToolDefinition, ToolInfo, ToolRisk } from "@/lib/tools/types";

// Each tool has its own input type; the registry only passes validated input through, and
// ToolDefinition<unknown> would refuse every tool (its execute takes a narrower input).
// biome-ignore lint/suspicious/noExplicitAny: the registry is heterogeneous by design (see above)
type AnyTool = ToolDefinition<any>;

/** The built-in tools, in the order the UI lists them. */
const BUILTIN_TOOLS: AnyTool[] = [
  filesList,
  filesRead,
  filesWrite,
  filesSearch,
  webFetch,
  webSearch,
  codeRun,
  spreadsheetCreate,
  documentCreate,
  memorySave,
  memorySearch,
  shell,
];

/**
 * Tools that come and go at run time (MCP servers), by source. Kept on globalThis because Next
 * bundles a module once per server entry; every entry must see the same connected servers.
 */
const globalForTools = globalThis as unknown as { __dynamicTools?: Map<string, AnyTool[]> };
globalForTools.__dynamicTools ??= new Map();
const dynamicTools = globalForTools.__dynamicTools;

function allTools(): AnyTool[] {
  return [...BUILTIN_TOOLS, ...[...dynamicTools.values()].flat()];
}

function info(tool: AnyTool): ToolInfo {
  return {
    name: tool.name,
    description: tool.description,
    risk: tool.risk,
    needsApproval: tool.needsApproval,
    source: tool.source ?? "builtin",
  };
}

/** Every tool the registry knows, built-in and from connected MCP servers (policy is applied per call). */
export function listTools(): ToolInfo[] {
  return allTools().map(info);
}

export function getTool(name: string): AnyTool | undefined {
  return allTools().find((t) => t.name === name);
}

export function isBuiltinTool(name: string): boolean {
  return BUILTIN_TOOLS.some((t) => t.name === name);
}

/** Replaces the tools of one dynamic source (an MCP server); an empty list removes them. */
export function setSourceTools(source: string, tools: AnyTool[]): void {
  if (tools.length === 0) dynamicTools.delete(source);
  else
    dynamicTools.set(
      source,
      tools.map((t) => ({ ...t, source })),
    );
}
