import { z } from "zod";
import { idSchema } from "@/lib/validation";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { cancelTask, deleteFinishedTasks, retryTask } from "@/server/tasks/actions";
import { taskListInputSchema } from "@/server/tasks/filters";
import { newTaskSchema, startNewTask } from "@/server/tasks/new-task";
import { pauseTask, resumeTask } from "@/server/tasks/pause";
import { countTasks, getTask, listOriginTasks, listTaskAgents, listTasks, ORIGIN_TYPES } from "@/server/tasks/queries";

const byId = z.object({ id: idSchema });

/** The Task ledger: a user sees and acts on their own tasks, an admin on all. */
export const tasksRouter = createTRPCRouter({
  list: protectedProcedure
    .input(taskListInputSchema)
    .query(({ ctx, input }) => listTasks({ viewer: ctx.user, ...input })),

  byOrigin: protectedProcedure
    .input(
      z.object({
        originType: z.enum(ORIGIN_TYPES, { error: "The origin is a chat, job, document, namespace or workflow." }),
        originId: z.string().trim().min(1, "Say which one.").max(200),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => listOriginTasks({ viewer: ctx.user, ...input })),

  /** Agents that ran the viewer's tasks, for the agent filter. */
  agents: protectedProcedure.query(({ ctx }) => listTaskAgents({ viewer: ctx.user })),

  counts: protectedProcedure.query(({ ctx }) => countTasks({ viewer: ctx.user })),

  get: protectedProcedure.input(byId).query(({ ctx, input }) => getTask({ viewer: ctx.user, id: input.id })),

  cancel: protectedProcedure.input(byId).mutation(({ ctx, input }) => cancelTask({ viewer: ctx.user, id: input.id })),

  /** "New task": an agent (or a model) on a prompt, now, at a time, or on a cron schedule (an agent job). */
  start: protectedProcedure.input(newTaskSchema).mutation(({ ctx, input }) => startNewTask(ctx.user, input)),

  pause: protectedProcedure.input(byId).mutation(({ ctx, input }) => pauseTask({ viewer: ctx.user, id: input.id })),

  resume: protectedProcedure.input(byId).mutation(({ ctx, input }) => resumeTask({ viewer: ctx.user, id: input.id })),

  retry: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const task = await retryTask({ viewer: ctx.user, id: input.id });
    return { id: task.id, status: task.status };
  }),

  deleteFinished: protectedProcedure
    .input(
      // Destructive, so the intent is explicit and unknown keys are refused rather than ignored.
      z
        .object({ all: z.literal(true).optional(), ids: z.array(idSchema).min(1).max(1000).optional() })
        .strict()
        .refine((v) => v.all !== undefined || v.ids !== undefined, {
          message: "Say which finished tasks to delete: give their ids, or all: true.",
        }),
    )
    .mutation(({ ctx, input }) => deleteFinishedTasks({ viewer: ctx.user, ids: input.ids })),
});
