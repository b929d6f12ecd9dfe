import { z } from "zod";
import { displayNameSchema, emailSchema, idSchema, passwordSchema } from "@/lib/validation";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { recordAudit } from "@/server/audit";
import { createUser, deleteUser, getUserByIdOrThrow, listUsers, setUserRole } from "@/server/users/users";

const roleSchema = z.enum(["admin", "user"]);

export const usersRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => getUserByIdOrThrow({ id: ctx.user.id })),

  list: adminProcedure.query(() => listUsers()),

  create: adminProcedure
    .input(z.object({ email: emailSchema, name: displayNameSchema, password: passwordSchema, role: roleSchema }))
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(input);
      await recordAudit({ actor: ctx.user, action: "user.create", target: user.email, details: { role: input.role } });
      return user;
    }),

  setRole: adminProcedure.input(z.object({ id: idSchema, role: roleSchema })).mutation(async ({ ctx, input }) => {
    const user = await setUserRole(input);
    await recordAudit({ actor: ctx.user, action: "user.role", target: user.email, details: { role: input.role } });
    return user;
  }),

  delete: adminProcedure.input(z.object({ id: idSchema })).mutation(async ({ ctx, input }) => {
    await deleteUser({ id: input.id, actorId: ctx.user.id });
    await recordAudit({ actor: ctx.user, action: "user.delete", target: input.id });
    return { ok: true };
  }),
});
