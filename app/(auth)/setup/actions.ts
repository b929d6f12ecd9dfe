"use server";

import { z } from "zod";
import { displayNameSchema, emailSchema, passwordSchema } from "@/lib/validation";
import { recordAudit } from "@/server/audit";
import { runAction } from "@/server/actions/run-action";
import { createFirstAdmin } from "@/server/users/users";

const setupSchema = z
  .object({ name: displayNameSchema, email: emailSchema, password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

/** One-time: creates the first admin. Refused (with a message) once any account exists. */
export async function createFirstAdminAction(input: unknown) {
  return runAction("setup", setupSchema, input, async ({ name, email, password }) => {
    const user = await createFirstAdmin({ name, email, password });
    await recordAudit({ actor: { id: user.id, email: user.email }, action: "setup.admin", target: user.email });
    return { email: user.email };
  });
}
