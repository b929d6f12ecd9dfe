import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { defineTool, type ToolDefinition } from "@/lib/tools/types";
import { AppError } from "@/lib/errors";
import type { McpConnection } from "@/server/mcp/connection";
import { mcpToolName } from "@/server/mcp/mcp-config";

type CallResult = Awaited<ReturnType<McpConnection["callTool"]>>;

/** An MCP result as text for the model: text parts as they are, other parts described. */
export function resultText(result: CallResult): string {
  const parts =
    (result.content as
      | { type: string; text?: string; uri?: string; mimeType?: string; resource?: { uri?: string; text?: string } }[]
      | undefined) ?? [];
  const lines = parts.map((p) => {
    if (p.type === "text") return p.text ?? "";
    if (p.type === "resource") return p.resource?.text ?? `[resource ${p.resource?.uri ?? ""}]`;
    if (p.type === "resource_link") return `[link ${p.uri ?? ""}]`;
    return `[${p.type}${p.mimeType ? ` ${p.mimeType}` : ""}]`;
  });
  if (lines.length === 0 && result.structuredContent) return JSON.stringify(result.structuredContent);
  return lines.join("\n");
}

/**
 * The registry form of a server's tools: namespaced names, the server's own JSON Schema for the
 * model, risk "network" and approval required by default (PRODUCT.md: same policy as built-ins).
 */
export function mcpToolDefinitions(
  connection: McpConnection,
  tools: Tool[],
): ToolDefinition<Record<string, unknown>>[] {
  return tools.map((tool) =>
    defineTool<Record<string, unknown>>({
      name: mcpToolName(connection.config.name, tool.name),
      description: `${tool.description ?? tool.name} (MCP server ${connection.config.name})`.slice(0, 1000),
      inputSchema: z.record(z.string(), z.unknown()),
      inputJsonSchema: tool.inputSchema as Record<string, unknown>,
      risk: "network",
      needsApproval: true,
      async execute(input, ctx) {
        const result = await connection.callTool(tool.name, input, ctx.signal, ctx.limits.timeoutMs);
        const text = resultText(result);
        if (result.isError)
          throw new AppError("BAD_REQUEST", `${tool.name} reported an error: ${text || "no details"}`);
        return text;
      },
    }),
  );
}
