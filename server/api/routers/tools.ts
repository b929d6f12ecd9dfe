import { z } from "zod";
import type { ToolSwitch } from "@/lib/tools/switch-phrases";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listToolCalls, setToolSwitch, toolCatalog } from "@/server/tools/tool-catalog";

const id = z.string().trim().min(1).max(100);

export const toolsRouter = createTRPCRouter({
  /** The registry with what blocks each tool right now (for agent editors and Settings → Tools). */
  list: protectedProcedure.query(({ ctx }) => toolCatalog(ctx.user)),

  /** Turning network or shell tools on needs the typed phrase; the server checks it. */
  setSwitch: adminProcedure
    .input(
      z.object({
        key: z.enum(["networkEnabled", "shellEnabled"] satisfies ToolSwitch[]),
        enabled: z.boolean(),
        confirmation: z.string().max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) => setToolSwitch(ctx.user, input)),

  calls: protectedProcedure
    .input(
      z.object({
        agentId: id.optional(),
        sessionId: id.optional(),
        runId: id.optional(),
        status: z.enum(["ok", "error", "denied", "pending_approval", "rejected"]).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listToolCalls(ctx.user, input)),
});
