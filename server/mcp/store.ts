import { db } from "@/server/db";

/** The McpServer table: one row per configured server (args and headers as JSON text). */
export interface McpServerColumns {
  name: string;
  transport: string;
  command: string | null;
  args: string;
  url: string | null;
  headers: string;
  enabled: boolean;
}

/** Every stored server, by name. */
export async function listAllMcpServers() {
  return db.mcpServer.findMany({ orderBy: { name: "asc" } });
}

export async function getMcpServerById({ id }: { id: string }) {
  return db.mcpServer.findUnique({ where: { id } });
}

export async function getMcpServerIdByName({ name }: { name: string }): Promise<string | null> {
  return (await db.mcpServer.findUnique({ where: { name }, select: { id: true } }))?.id ?? null;
}

export async function insertMcpServer(data: McpServerColumns) {
  return db.mcpServer.create({ data });
}

export async function updateMcpServerById({ id, data }: { id: string; data: McpServerColumns }) {
  return db.mcpServer.update({ where: { id }, data });
}

export async function deleteMcpServerById({ id }: { id: string }): Promise<void> {
  await db.mcpServer.delete({ where: { id } });
}
