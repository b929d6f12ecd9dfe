import "server-only";
import type { z } from "zod";
import { type ActionResult, invalid } from "@/lib/action-result";
import { toAppError } from "@/server/http/errors";
import { logger } from "@/server/logger";
import { newCorrelationId, runWithContext } from "@/server/request-context";

/**
 * Runs a server action body: validates the input with zod, turns known errors into a
 * "failed" result with their message, and logs unknown ones (answered with a generic message).
 */
export async function runAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  raw: unknown,
  body: (input: z.infer<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  return runWithContext({ correlationId: newCorrelationId() }, async () => {
    try {
      return { status: "success" as const, data: await body(parsed.data) };
    } catch (err) {
      const known = toAppError(err);
      if (known) return { status: "failed" as const, message: known.message };
      logger.error("actions", `${name} failed`, { error: err instanceof Error ? err : new Error(String(err)) });
      return { status: "failed" as const, message: "Something went wrong on the server. The error was logged." };
    }
  });
}
