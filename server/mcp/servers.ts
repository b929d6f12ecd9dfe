import { AppError, NotFoundError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import { recordAudit } from "@/server/audit";
import {
  configFromRow,
  type McpServerConfig,
  type McpServerInput,
  mcpServerInputSchema,
} from "@/server/mcp/mcp-config";
import {
  deleteMcpServerById,
  getMcpServerById,
  getMcpServerIdByName,
  insertMcpServer,
  listAllMcpServers,
  type McpServerColumns,
  updateMcpServerById,
} from "@/server/mcp/store";

type Actor = Pick<AuthUser, "id" | "email">;

function parse(input: unknown): McpServerInput {
  const parsed = mcpServerInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join(" "));
  return parsed.data;
}

function toColumns(v: McpServerInput): McpServerColumns {
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
  const rows = await listAllMcpServers();
  return rows.map((r) => ({ ...configFromRow(r), createdAt: r.createdAt, updatedAt: r.updatedAt }));
}

async function assertNameFree(name: string, exceptId?: string) {
  const existingId = await getMcpServerIdByName({ name });
  if (existingId && existingId !== exceptId)
    throw new AppError("CONFLICT", `An MCP server named "${name}" already exists. Choose another name.`);
}

export async function createMcpServer(actor: Actor, input: unknown): Promise<McpServerConfig> {
  const v = parse(input);
  await assertNameFree(v.name);
  const row = await insertMcpServer(toColumns(v));
  await recordAudit({ actor, action: "mcp.create", target: v.name, details: { transport: v.transport } });
  return configFromRow(row);
}

export async function updateMcpServer(actor: Actor, id: string, input: unknown): Promise<McpServerConfig> {
  const v = parse(input);
  if (!(await getMcpServerById({ id }))) throw new NotFoundError("The MCP server");
  await assertNameFree(v.name, id);
  const row = await updateMcpServerById({ id, data: toColumns(v) });
  await recordAudit({
    actor,
    action: "mcp.update",
    target: v.name,
    details: { transport: v.transport, enabled: v.enabled },
  });
  return configFromRow(row);
}

export async function deleteMcpServer(actor: Actor, id: string): Promise<void> {
  const row = await getMcpServerById({ id });
  if (!row) throw new NotFoundError("The MCP server");
  await deleteMcpServerById({ id });
  await recordAudit({ actor, action: "mcp.delete", target: row.name });
}
