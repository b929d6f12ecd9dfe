"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { displayNameSchema, emailSchema, passwordSchema } from "@/lib/validation";
import { recordAudit } from "@/server/audit";
import { runAction } from "@/server/actions/run-action";
import { setupRefusal } from "@/server/auth/setup-code";
import { AppError } from "@/lib/errors";
import { createFirstAdmin } from "@/server/users/users";

const setupSchema = z
  .object({
    name: displayNameSchema,
    email: emailSchema,
    password: passwordSchema,
    confirm: z.string(),
    setupCode: z.string().trim().max(40).optional(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

/** One-time: creates the first admin. Refused (with a message) once any account exists. */
export async function createFirstAdminAction(input: unknown) {
  const requestHeaders = await headers();
  return runAction("setup", setupSchema, input, async ({ name, email, password, setupCode }) => {
    const refusal = setupRefusal(requestHeaders, setupCode);
    if (refusal) throw new AppError("FORBIDDEN", refusal);
    const user = await createFirstAdmin({ name, email, password });
    await recordAudit({ actor: { id: user.id, email: user.email }, action: "setup.admin", target: user.email });
    return { email: user.email };
  });
}
