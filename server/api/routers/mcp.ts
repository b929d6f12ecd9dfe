import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { mcpServerInputSchema } from "@/server/mcp/mcp-config";
import { mcpManager, testMcpServer } from "@/server/mcp/manager";
import { createMcpServer, deleteMcpServer, listMcpServers, updateMcpServer } from "@/server/mcp/servers";

const id = z.string().trim().min(1).max(100);

/** Admin only: server definitions carry commands, URLs and the names of secrets. */
export const mcpRouter = createTRPCRouter({
  list: adminProcedure.query(async () => {
    await mcpManager().ensureStarted();
    const health = new Map(
      mcpManager()
        .health()
        .map((h) => [h.id, h]),
    );
    return (await listMcpServers()).map((s) => ({ ...s, health: health.get(s.id) ?? null }));
  }),

  create: adminProcedure.input(mcpServerInputSchema).mutation(async ({ ctx, input }) => {
    const created = await createMcpServer(ctx.user, input);
    await mcpManager().sync();
    return created;
  }),

  update: adminProcedure.input(z.object({ id, server: mcpServerInputSchema })).mutation(async ({ ctx, input }) => {
    const updated = await updateMcpServer(ctx.user, input.id, input.server);
    await mcpManager().sync();
    return updated;
  }),

  delete: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await deleteMcpServer(ctx.user, input.id);
    await mcpManager().sync();
    return { ok: true };
  }),

  /** Connects once with the form's values, lists the tools, disconnects; nothing is saved. */
  test: adminProcedure.input(mcpServerInputSchema).mutation(({ input }) =>
    testMcpServer({
      id: "test",
      name: input.name,
      transport: input.transport,
      command: input.command ?? null,
      args: input.args,
      url: input.url ?? null,
      headers: input.headers,
      enabled: true,
    }),
  ),
});
