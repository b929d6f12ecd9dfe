import { z } from "zod";
import { idSchema } from "@/lib/validation";
import { TASK_KINDS, TASK_PRIORITIES, TASK_STATUSES } from "@/lib/tasks/constants";

/** Filters of the task list, shared by the router and the page (which imports only the types). */
export const taskFiltersSchema = z
  .object({
    statuses: z
      .array(z.enum(TASK_STATUSES, { error: "Unknown task status." }))
      .max(TASK_STATUSES.length)
      .optional(),
    kinds: z
      .array(z.enum(TASK_KINDS, { error: "Unknown task kind." }))
      .max(TASK_KINDS.length)
      .optional(),
    agentId: idSchema.optional(),
    from: z.coerce.date({ error: "from: give a valid date and time." }).optional(),
    to: z.coerce.date({ error: "to: give a valid date and time." }).optional(),
    q: z.string().trim().max(200, "Search for at most 200 characters.").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "The start of the date range must be before its end.",
    path: ["from"],
  });

export type TaskFilters = z.infer<typeof taskFiltersSchema>;

export const TASK_LIST_MAX = 200;

export const taskListInputSchema = z.object({
  filters: taskFiltersSchema.default({}),
  /** Tasks created before this task (the next page). */
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(TASK_LIST_MAX).default(50),
});

export type TaskListInput = z.input<typeof taskListInputSchema>;

export const taskCreateSchema = z.object({
  kind: z.enum(TASK_KINDS, { error: "Unknown task kind." }),
  title: z.string().trim().min(1, "Give the task a title.").max(200, "Keep the title under 200 characters."),
  priority: z.enum(TASK_PRIORITIES, { error: "Priority is low, normal, high or critical." }).default("normal"),
});
