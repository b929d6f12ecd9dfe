import { z } from "zod";
import { idSchema } from "@/lib/validation";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { createApiToken, listApiTokensByUser, revokeApiToken } from "@/server/auth/api-tokens";
import { recordAudit } from "@/server/audit";

export const tokensRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiTokensByUser({ userId: ctx.user.id })),

  /** The token is in this answer only; afterwards just its prefix is shown. */
  create: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1, "Give the token a name.").max(60) }))
    .mutation(async ({ ctx, input }) => {
      const created = await createApiToken({ userId: ctx.user.id, name: input.name });
      await recordAudit({
        actor: ctx.user,
        action: "token.create",
        target: created.prefix,
        details: { name: input.name },
      });
      return created;
    }),

  revoke: protectedProcedure.input(z.object({ id: idSchema })).mutation(async ({ ctx, input }) => {
    await revokeApiToken({ userId: ctx.user.id, id: input.id });
    await recordAudit({ actor: ctx.user, action: "token.revoke", target: input.id });
    return { ok: true };
  }),
});
