import { z } from "zod";
import { LOG_LEVELS } from "@/lib/log-levels";

/**
 * The filters of a log query, shared by the tRPC router, the export route and the viewer kit
 * (which only imports the types), so a filter means the same thing everywhere.
 */
const idFilter = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, "Use only letters, digits and . _ : -");

export const logFiltersSchema = z
  .object({
    levels: z.array(z.enum(LOG_LEVELS)).max(LOG_LEVELS.length).optional(),
    subsystems: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    from: z.coerce.date({ error: "from: give a valid date and time." }).optional(),
    to: z.coerce.date({ error: "to: give a valid date and time." }).optional(),
    q: z.string().trim().max(200, "Search for at most 200 characters.").optional(),
    correlationId: idFilter.optional(),
    taskId: idFilter.optional(),
    agentId: idFilter.optional(),
    workflowId: idFilter.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "The start of the time range must be before its end.",
    path: ["from"],
  });

export type LogFilters = z.infer<typeof logFiltersSchema>;

export const LOG_LIST_MAX = 500;

export const logListInputSchema = z.object({
  filters: logFiltersSchema.default({}),
  /** Entries older than this id (the next page down). */
  before: z.number().int().positive().optional(),
  /** Entries newer than this id (the live tail). */
  after: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(LOG_LIST_MAX).default(100),
});

export type LogListInput = z.input<typeof logListInputSchema>;

export const EXPORT_FORMATS = ["txt", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
