import { z } from "zod";
import { modelIdSchema } from "@/lib/ai/model-id";
import { getProviderConfig } from "@/server/ai/provider-config";
import { idSchema } from "@/lib/validation";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { chatAgent } from "@/server/chat/chat-agent";
import { deleteChatAttachment, listPendingAttachments } from "@/server/chat/attachments";
import { chatContextUsage } from "@/server/chat/context-usage";
import { EXPORT_FORMATS, exportChatSession } from "@/server/chat/export";
import { getChatThread, getChatThreadTail } from "@/server/chat/messages";
import { listSessionModelCalls } from "@/server/chat/model-calls";
import {
  createChatSession,
  deleteChatSession,
  duplicateChatSession,
  getChatSessionOrThrow,
  listChatSessionsByUser,
  updateChatSession,
} from "@/server/chat/sessions";
import { chatNamespaces, sessionDocuments, setSessionDocuments } from "@/server/knowledge/chat-context";
import { listModels, pickDefaultModel } from "@/server/providers/catalog";

const titleSchema = z.string().trim().min(1, "Give the chat a title.").max(120, "Use at most 120 characters.");
const byId = z.object({ id: idSchema });

export const chatRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ search: z.string().max(200).optional(), archived: z.boolean().optional() }).optional())
    .query(({ ctx, input }) =>
      listChatSessionsByUser({ userId: ctx.user.id, search: input?.search, archived: input?.archived }),
    ),

  /**
   * The session, its thread, and files uploaded for a prompt not sent yet (the composer shows them
   * again). `tail`: only the thread from the latest prompt on, for the refresh after a turn.
   */
  get: protectedProcedure.input(byId.extend({ tail: z.boolean().optional() })).query(async ({ ctx, input }) => {
    const session = await getChatSessionOrThrow({ id: input.id, userId: ctx.user.id });
    const [messages, pendingAttachments] = await Promise.all([
      input.tail ? getChatThreadTail({ sessionId: session.id }) : getChatThread({ sessionId: session.id }),
      listPendingAttachments({ sessionId: session.id, userId: ctx.user.id }),
    ]);
    return { session, messages, pendingAttachments };
  }),

  create: protectedProcedure
    .input(
      z
        .object({ title: titleSchema.optional(), modelId: modelIdSchema.optional(), agentId: idSchema.optional() })
        .optional(),
    )
    .mutation(async ({ ctx, input }) => {
      if (input?.agentId) await chatAgent(ctx.user, input.agentId);
      return createChatSession({
        userId: ctx.user.id,
        title: input?.title,
        modelId: input?.modelId,
        agentId: input?.agentId,
      });
    }),

  rename: protectedProcedure
    .input(byId.extend({ title: titleSchema }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, title: input.title })),

  pin: protectedProcedure
    .input(byId.extend({ pinned: z.boolean() }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, pinned: input.pinned })),

  archive: protectedProcedure
    .input(byId.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, archived: input.archived })),

  /** The agent that answers in this chat (null: none); only an active agent the user may see. */
  setAgent: protectedProcedure.input(byId.extend({ agentId: idSchema.nullable() })).mutation(async ({ ctx, input }) => {
    if (input.agentId) await chatAgent(ctx.user, input.agentId);
    return updateChatSession({ id: input.id, userId: ctx.user.id, agentId: input.agentId });
  }),

  setModel: protectedProcedure
    .input(byId.extend({ modelId: modelIdSchema }))
    .mutation(({ ctx, input }) => updateChatSession({ id: input.id, userId: ctx.user.id, modelId: input.modelId })),

  /** "Use documents": answers in this chat search the knowledge-base namespace (null = default) and cite it. */
  setDocuments: protectedProcedure
    .input(
      z.object({
        sessionId: idSchema,
        useDocuments: z.boolean(),
        namespace: z.string().trim().min(1).max(48).nullable(),
      }),
    )
    .mutation(({ ctx, input }) =>
      setSessionDocuments({
        sessionId: input.sessionId,
        userId: ctx.user.id,
        useDocuments: input.useDocuments,
        namespace: input.namespace,
      }),
    ),

  /** The session's document choice and the namespaces it can search. */
  documents: protectedProcedure.input(z.object({ sessionId: idSchema })).query(async ({ ctx, input }) => {
    await getChatSessionOrThrow({ id: input.sessionId, userId: ctx.user.id });
    const [choice, namespaces] = await Promise.all([sessionDocuments(input.sessionId), chatNamespaces()]);
    return { ...choice, namespaces };
  }),

  duplicate: protectedProcedure
    .input(byId)
    .mutation(({ ctx, input }) => duplicateChatSession({ id: input.id, userId: ctx.user.id })),

  delete: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteChatSession({ id: input.id, userId: ctx.user.id });
    return { ok: true };
  }),

  export: protectedProcedure
    .input(byId.extend({ format: z.enum(EXPORT_FORMATS, { error: "Export as txt, md or json." }) }))
    .query(({ ctx, input }) => exportChatSession({ id: input.id, userId: ctx.user.id, format: input.format })),

  /** The inspector: each model call of the session (or of one message) with its request and raw response. */
  inspect: protectedProcedure
    .input(z.object({ sessionId: idSchema, messageId: idSchema.optional() }))
    .query(({ ctx, input }) =>
      listSessionModelCalls({ sessionId: input.sessionId, userId: ctx.user.id, messageId: input.messageId }),
    ),

  /** The context meter: tokens in use against the model's context window. */
  context: protectedProcedure
    .input(z.object({ sessionId: idSchema, modelId: modelIdSchema.optional() }))
    .query(({ ctx, input }) =>
      chatContextUsage({ sessionId: input.sessionId, userId: ctx.user.id, modelId: input.modelId }),
    ),

  /** Removes a file from the composer before it is sent. */
  removeAttachment: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteChatAttachment({ id: input.id, userId: ctx.user.id });
    return { ok: true };
  }),

  /** Every model the configured providers offer, the providers that could not be listed, and the default. */
  models: protectedProcedure.query(async () => {
    const config = await getProviderConfig();
    const catalog = await listModels({ config, signal: AbortSignal.timeout(5000) });
    return { ...catalog, defaultModelId: pickDefaultModel(config, catalog.models) };
  }),
});
