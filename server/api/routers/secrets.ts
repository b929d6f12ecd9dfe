import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import {
  deleteSecret,
  listSecrets,
  revealSecret,
  secretNameSchema,
  secretValueSchema,
  setSecret,
} from "@/server/secrets/vault";

const byName = z.object({ name: secretNameSchema });

/** Admin only, every procedure: secrets are read masked, revealed one at a time, never listed in clear. */
export const secretsRouter = createTRPCRouter({
  list: adminProcedure.query(() => listSecrets()),

  set: adminProcedure
    .input(z.object({ name: secretNameSchema, value: secretValueSchema }))
    .mutation(({ ctx, input }) => setSecret({ actor: ctx.user, name: input.name, value: input.value })),

  reveal: adminProcedure
    .input(byName)
    .mutation(({ ctx, input }) => revealSecret({ actor: ctx.user, name: input.name })),

  delete: adminProcedure.input(byName).mutation(async ({ ctx, input }) => {
    await deleteSecret({ actor: ctx.user, name: input.name });
    return { ok: true };
  }),
});
