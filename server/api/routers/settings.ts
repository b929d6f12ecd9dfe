import { z } from "zod";
import { settingsDocumentSchema } from "@/lib/settings/document";
import { settingsChangesSchema } from "@/lib/settings/schema";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { applySettings, exportSettings, getSettings, importSettings } from "@/server/settings/settings";

export const settingsRouter = createTRPCRouter({
  /** Everyone signed in may read the settings; only an admin changes them. */
  get: protectedProcedure.query(() => getSettings()),

  // "apply" is reserved by tRPC (its proxies are functions), hence applyChanges.
  applyChanges: adminProcedure
    .input(z.object({ changes: settingsChangesSchema }))
    .mutation(({ ctx, input }) => applySettings({ actor: ctx.user, changes: input.changes })),

  export: adminProcedure.query(() => exportSettings()),

  import: adminProcedure
    .input(z.object({ document: settingsDocumentSchema }))
    .mutation(({ ctx, input }) => importSettings({ actor: ctx.user, document: input.document })),
});
