import type { z } from "zod";

/** What every server action returns (CONVENTIONS item 11): it never throws at the form. */
export type ActionResult<T = undefined> =
  | { status: "success"; data: T }
  | { status: "invalid"; message: string; fieldErrors: Record<string, string[] | undefined> }
  | { status: "failed"; message: string };

export function invalid(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  return { status: "invalid", message: "Please correct the highlighted fields.", fieldErrors };
}
