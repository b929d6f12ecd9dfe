import { z } from "zod";
import { modelIdSchema } from "@/lib/ai/model-id";
import { getProviderConfig } from "@/lib/ai/provider-config";
import { idSchema } from "@/lib/validation";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { EXPORT_FORMATS, exportChatSession } from "@/server/chat/export";
import { getChatThread } from "@/server/chat/messages";
import {
  createChatSession,
  deleteChatSession,
  duplicateChatSession,
  getChatSessionOrThrow,
  listChatSessionsByUser,
  updateChatSession,
} from "@/server/chat/sessions";
import { listModels, pickDefaultModel } from "@/server/providers/catalog";

const titleSchema = z.string().trim().min(1, "Give the chat a title.").max(120, "Use at most 120 characters.");
const byId = z.object({ id: idSchema });

export const chatRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ search: z.string().max(200).optional(), archived: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => listChatSessionsByUser({ userId: ctx.user.id, search: input?.search, archived: input?.archived })),

  get: protectedProcedure.input(byId).query(async ({ ctx, input }) => {
    const session = await getChatSessionOrThrow({ id: input.id, userId: ctx.user.id });
    return { session, messages: await getChatThread({ sessionId: session.id }) };
  }),

  create: protectedProcedure
    .input(z.object({ title: titleSchema.optional(), modelId: modelIdSchema.optional() }).optional())
    .mutation(({ ctx, input }) => createChatSession({ userId: ctx.user.id, title: input?.title, modelId: input?.modelId })),

  rename: protectedProcedure
    .input(byId.extend({ title: titleSchema }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, title: input.title })),

  pin: protectedProcedure
    .input(byId.extend({ pinned: z.boolean() }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, pinned: input.pinned })),

  archive: protectedProcedure
    .input(byId.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, archived: input.archived })),

  setModel: protectedProcedure
    .input(byId.extend({ modelId: modelIdSchema }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, modelId: input.modelId })),

  duplicate: protectedProcedure.input(byId).mutation(({ ctx, input }) => duplicateChatSession({ id: input.id, userId: ctx.user.id })),

  delete: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteChatSession({ id: input.id, userId: ctx.user.id });
    return { ok: true };
  }),

  export: protectedProcedure
    .input(byId.extend({ format: z.enum(EXPORT_FORMATS, { error: "Export as txt, md or json." }) }))
    .query(({ ctx, input }) => exportChatSession({ id: input.id, userId: ctx.user.id, format: input.format })),

  /** Every model the configured providers offer, the providers that could not be listed, and the default. */
  models: protectedProcedure.query(async () => {
    const config = await getProviderConfig();
    const catalog = await listModels({ config, signal: AbortSignal.timeout(5000) });
    return { ...catalog, defaultModelId: pickDefaultModel(config, catalog.models) };
  }),
});
