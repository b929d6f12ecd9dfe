import { z } from "zod";
import { idSchema } from "@/lib/validation";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listAuditActions, listAuditLog } from "@/server/logs/audit-log";
import { logListInputSchema } from "@/lib/logs/filters";
import {
  getCorrelatedLogs,
  getLogById,
  getLogContext,
  getLogStats,
  listLogs,
  listLogSubsystems,
} from "@/server/logs/query-logs";

const entryInput = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The structured logs for the Logs page and the log viewer kit; visibility is enforced by the service. */
export const logsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(logListInputSchema)
    .query(({ ctx, input }) => listLogs({ viewer: ctx.user, ...input })),

  get: protectedProcedure.input(entryInput).query(({ ctx, input }) => getLogById({ viewer: ctx.user, id: input.id })),

  context: protectedProcedure
    .input(entryInput)
    .query(({ ctx, input }) => getLogContext({ viewer: ctx.user, id: input.id })),

  correlated: protectedProcedure
    .input(entryInput)
    .query(({ ctx, input }) => getCorrelatedLogs({ viewer: ctx.user, id: input.id })),

  subsystems: protectedProcedure.query(({ ctx }) => listLogSubsystems({ viewer: ctx.user })),

  stats: protectedProcedure.query(({ ctx }) => getLogStats({ viewer: ctx.user })),

  audit: adminProcedure
    .input(
      z.object({
        action: z.string().trim().max(100).optional(),
        cursor: idSchema.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ input }) => listAuditLog(input)),

  auditActions: adminProcedure.query(() => listAuditActions()),
});
