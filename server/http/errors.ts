import { AppError, httpStatusOf, isAppError } from "@/lib/errors";
import { constraintKind } from "@/server/db/errors";

/**
 * Maps database errors that come from bad input (Prisma's or a raw statement's) (a unique name taken, a row that is gone) to
 * AppErrors, so they reach the person as 4xx with a sentence instead of a 500.
 */
export function toAppError(err: unknown): AppError | null {
  if (isAppError(err)) return err;
  switch (constraintKind(err)) {
    case "not-found":
      return new AppError("NOT_FOUND", "That item was not found (it may have been deleted).");
    case "unique":
      return new AppError("CONFLICT", "An item with that name already exists.");
    case "foreign-key":
      return new AppError("CONFLICT", "That item is still in use by another one.");
    default:
      return null;
  }
}

/** A JSON error answer for route handlers: a message, never a stack. */
export function errorResponse(status: number, message: string, extra?: Record<string, unknown>): Response {
  return Response.json({ error: { message, ...extra } }, { status, headers: { "cache-control": "no-store" } });
}

export function appErrorResponse(err: AppError): Response {
  return errorResponse(httpStatusOf[err.code], err.message, { code: err.code });
}
