import { z } from "zod";
import { idSchema } from "@/lib/validation";
import { recordAudit } from "@/server/audit";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { acknowledgeAlert, listAlerts } from "@/server/alerts/alerts";
import { triggerSchema } from "@/lib/automation/job-schema";
import {
  createJob,
  deleteJob,
  duplicateJob,
  getJob,
  listJobs,
  setJobEnabled,
  updateJob,
} from "@/server/automation/jobs";
import { startJobRun } from "@/server/automation/run-job";
import { jobPerformance, listJobRuns } from "@/server/automation/runs";
import { setSchedulerPaused } from "@/server/automation/runtime-state";
import { schedulerStatus } from "@/server/automation/status";
import { exportJobs, importJobs } from "@/server/automation/transfer";
import { validateTrigger } from "@/server/automation/validate";

const byId = z.object({ id: idSchema });
// The job body is validated in server/automation (zod, plus cron and filter checks) so the
// browser form, import and the API share one set of messages.
const jobBody = z.record(z.string(), z.unknown());

/** Scheduled jobs: users manage their own agent jobs; built-in jobs and the scheduler are admin work. */
export const automationRouter = createTRPCRouter({
  status: protectedProcedure.query(({ ctx }) => schedulerStatus(ctx.user)),
  list: protectedProcedure.query(({ ctx }) => listJobs(ctx.user)),
  get: protectedProcedure.input(byId).query(({ ctx, input }) => getJob(ctx.user, input.id)),
  runs: protectedProcedure
    .input(z.object({ id: idSchema, limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listJobRuns(ctx.user, input.id, input.limit)),
  performance: protectedProcedure.input(byId).query(({ ctx, input }) => jobPerformance(ctx.user, input.id)),
  validate: protectedProcedure
    .input(z.object({ trigger: triggerSchema }))
    .query(({ input }) => validateTrigger(input.trigger)),

  create: protectedProcedure.input(jobBody).mutation(async ({ ctx, input }) => {
    const job = await createJob(input, ctx.user);
    await recordAudit({ actor: ctx.user, action: "automation.create", target: job.name });
    return job;
  }),
  update: protectedProcedure.input(z.object({ id: idSchema, job: jobBody })).mutation(async ({ ctx, input }) => {
    const job = await updateJob(input.id, input.job, ctx.user);
    await recordAudit({ actor: ctx.user, action: "automation.update", target: job.name });
    return job;
  }),
  setEnabled: protectedProcedure
    .input(z.object({ id: idSchema, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setJobEnabled(input.id, input.enabled, ctx.user)),
  duplicate: protectedProcedure.input(byId).mutation(({ ctx, input }) => duplicateJob(input.id, ctx.user)),
  delete: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const out = await deleteJob(input.id, ctx.user);
    await recordAudit({ actor: ctx.user, action: "automation.delete", target: out.deleted });
    return out;
  }),
  runNow: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const job = await getJob(ctx.user, input.id);
    return startJobRun(job, "manual", { startedBy: ctx.user.id });
  }),
  export: protectedProcedure
    .input(z.object({ ids: z.array(idSchema).max(500).optional() }).default({}))
    .query(({ ctx, input }) => exportJobs(ctx.user, input.ids)),
  import: protectedProcedure.input(z.unknown()).mutation(async ({ ctx, input }) => {
    const out = await importJobs(input, ctx.user);
    await recordAudit({
      actor: ctx.user,
      action: "automation.import",
      details: { created: out.created.length, skipped: out.skipped.length },
    });
    return out;
  }),

  pauseAll: adminProcedure.mutation(async ({ ctx }) => {
    const state = await setSchedulerPaused(true, ctx.user.id);
    await recordAudit({ actor: ctx.user, action: "automation.pause" });
    return state;
  }),
  resumeAll: adminProcedure.mutation(async ({ ctx }) => {
    const state = await setSchedulerPaused(false, ctx.user.id);
    await recordAudit({ actor: ctx.user, action: "automation.resume" });
    return state;
  }),
  alerts: adminProcedure
    .input(z.object({ includeAcknowledged: z.boolean().default(false) }).default({ includeAcknowledged: false }))
    .query(({ input }) => listAlerts(input)),
  acknowledgeAlert: adminProcedure.input(byId).mutation(({ ctx, input }) => acknowledgeAlert(input.id, ctx.user.id)),
});
