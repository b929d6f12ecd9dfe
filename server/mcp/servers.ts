import { AppError, NotFoundError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import { recordAudit } from "@/server/audit";
import { db } from "@/server/db";
import {
  configFromRow,
  type McpServerConfig,
  type McpServerInput,
  mcpServerInputSchema,
} from "@/server/mcp/mcp-config";

type Actor = Pick<AuthUser, "id" | "email">;

function parse(input: unknown): McpServerInput {
  const parsed = mcpServerInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join(" "));
  return parsed.data;
}

function toColumns(v: McpServerInput) {
  return {
    name: v.name,
    transport: v.transport,
    command: v.transport === "stdio" ? (v.command ?? null) : null,
    args: JSON.stringify(v.transport === "stdio" ? v.args : []),
    url: v.transport === "http" ? (v.url ?? null) : null,
    headers: JSON.stringify(v.transport === "http" ? v.headers : {}),
    enabled: v.enabled,
  };
}

export async function listMcpServers(): Promise<(McpServerConfig & { createdAt: Date; updatedAt: Date })[]> {
  const rows = await db.mcpServer.findMany({ orderBy: { name: "asc" } });
  return rows.map((r) => ({ ...configFromRow(r), createdAt: r.createdAt, updatedAt: r.updatedAt }));
}

async function assertNameFree(name: string, exceptId?: string) {
  const existing = await db.mcpServer.findUnique({ where: { name }, select: { id: true } });
  if (existing && existing.id !== exceptId)
    throw new AppError("CONFLICT", `An MCP server named "${name}" already exists. Choose another name.`);
}

export async function createMcpServer(actor: Actor, input: unknown): Promise<McpServerConfig> {
  const v = parse(input);
  await assertNameFree(v.name);
  const row = await db.mcpServer.create({ data: toColumns(v) });
  await recordAudit({ actor, action: "mcp.create", target: v.name, details: { transport: v.transport } });
  return configFromRow(row);
}

export async function updateMcpServer(actor: Actor, id: string, input: unknown): Promise<McpServerConfig> {
  const v = parse(input);
  if (!(await db.mcpServer.findUnique({ where: { id }, select: { id: true } })))
    throw new NotFoundError("The MCP server");
  await assertNameFree(v.name, id);
  const row = await db.mcpServer.update({ where: { id }, data: toColumns(v) });
  await recordAudit({
    actor,
    action: "mcp.update",
    target: v.name,
    details: { transport: v.transport, enabled: v.enabled },
  });
  return configFromRow(row);
}

export async function deleteMcpServer(actor: Actor, id: string): Promise<void> {
  const row = await db.mcpServer.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("The MCP server");
  await db.mcpServer.delete({ where: { id } });
  await recordAudit({ actor, action: "mcp.delete", target: row.name });
}
