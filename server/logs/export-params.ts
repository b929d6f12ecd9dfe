import { z } from "zod";
import { AppError } from "@/lib/errors";
import { describeZodError } from "@/server/api/trpc";
import { EXPORT_FORMATS, type ExportFormat, type LogFilters, logFiltersSchema } from "@/lib/logs/filters";

/**
 * Reads the export's query string: `format` plus the list filters, where lists may be repeated
 * (`levels=ERROR&levels=WARNING`) or comma-separated (`levels=ERROR,WARNING`).
 */
const formatSchema = z.enum(EXPORT_FORMATS, { error: "format must be txt, csv or json." });

const LIST_KEYS = ["levels", "subsystems"] as const;
const SCALAR_KEYS = ["from", "to", "q", "correlationId", "taskId", "agentId", "workflowId"] as const;
const KNOWN = new Set<string>(["format", ...LIST_KEYS, ...SCALAR_KEYS]);

export function parseExportParams(params: URLSearchParams): { format: ExportFormat; filters: LogFilters } {
  for (const key of params.keys()) {
    if (!KNOWN.has(key))
      throw new AppError(
        "BAD_REQUEST",
        `Unknown parameter "${key.slice(0, 40)}". Use format, ${[...LIST_KEYS, ...SCALAR_KEYS].join(", ")}.`,
      );
  }
  const format = formatSchema.safeParse(params.get("format") ?? undefined);
  if (!format.success) throw new AppError("BAD_REQUEST", "format must be txt, csv or json.");
  const raw: Record<string, unknown> = {};
  for (const key of LIST_KEYS) {
    const values = params
      .getAll(key)
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length) raw[key] = values;
  }
  for (const key of SCALAR_KEYS) {
    const values = params.getAll(key);
    if (values.length > 1) throw new AppError("BAD_REQUEST", `Give "${key}" only once.`);
    if (values[0]) raw[key] = values[0];
  }
  const filters = logFiltersSchema.safeParse(raw);
  if (!filters.success) throw new AppError("BAD_REQUEST", `Invalid filters: ${describeZodError(filters.error)}`);
  return { format: format.data, filters: filters.data };
}
