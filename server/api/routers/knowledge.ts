import { z } from "zod";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/validation";
import { recordAudit } from "@/server/audit";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { deleteDocuments, moveDocuments, reembedDocuments } from "@/server/knowledge/bulk";
import { evalRuns, evalSetJsonl, evaluateNamespace, saveEvalSet } from "@/server/knowledge/eval-sets";
import {
  documentQueries,
  getDocument,
  libraryStats,
  listChunks,
  listDocumentIds,
  listDocuments,
  listDocumentsSchema,
  metadataSchema,
  recentTesterQueries,
  similarDocuments,
  updateMetadata,
} from "@/server/knowledge/library";
import { planCleanup, rebuildIndex, runCleanup } from "@/server/knowledge/maintenance";
import { createNamespace, deleteNamespace, listNamespaces, renameNamespace } from "@/server/knowledge/namespace-admin";
import { namespaceNameSchema } from "@/server/knowledge/namespaces";
import { queryTestSchema, runQueryTest } from "@/server/knowledge/query-tester";
import { uploadStatus } from "@/server/knowledge/upload";

const byId = z.object({ id: idSchema });
const byNamespace = z.object({ namespace: namespaceNameSchema });
const ids = z.array(idSchema).min(1, "Select at least one document.").max(10_000);

/**
 * The Knowledge Base page. The knowledge base is shared: every signed-in user reads, searches and
 * uploads; a document is changed by the person who added it or an admin; namespaces, index
 * maintenance and calibration are admin work.
 */
export const knowledgeRouter = createTRPCRouter({
  stats: protectedProcedure.input(byNamespace).query(({ input }) => libraryStats(input.namespace)),
  namespaces: protectedProcedure.query(() => listNamespaces()),
  documents: protectedProcedure.input(listDocumentsSchema).query(({ input }) => listDocuments(input)),
  documentIds: protectedProcedure.input(listDocumentsSchema).query(({ input }) => listDocumentIds(input)),
  document: protectedProcedure.input(byId).query(({ input }) => getDocument(input.id)),
  chunks: protectedProcedure
    .input(
      z.object({
        documentId: idSchema,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        aroundChunkId: z.number().int().min(1).optional(),
        q: z.string().trim().max(200).optional(),
      }),
    )
    .query(({ input }) => listChunks(input)),
  similar: protectedProcedure.input(byId).query(({ input }) => similarDocuments(input.id)),
  queries: protectedProcedure.input(byId).query(({ input }) => documentQueries(input.id)),
  recentQueries: protectedProcedure
    .input(byNamespace)
    .query(({ ctx, input }) => recentTesterQueries(input.namespace, ctx.user.id)),
  uploadStatus: protectedProcedure
    .input(z.object({ taskIds: z.array(idSchema).max(200) }))
    .query(({ ctx, input }) => uploadStatus(ctx.user, input.taskIds)),

  updateMetadata: protectedProcedure
    .input(z.object({ id: idSchema, metadata: metadataSchema }))
    .mutation(async ({ ctx, input }) => {
      const doc = await getDocument(input.id);
      if (ctx.user.role !== "admin" && doc.createdById !== ctx.user.id) {
        throw new AppError("FORBIDDEN", "Only an admin or the person who added this document can edit its metadata.");
      }
      return updateMetadata(input.id, input.metadata);
    }),
  deleteDocuments: protectedProcedure.input(z.object({ ids })).mutation(async ({ ctx, input }) => {
    const deleted = await deleteDocuments(ctx.user, input.ids);
    await recordAudit({ actor: ctx.user, action: "knowledge.delete", details: { documents: deleted } });
    return { deleted };
  }),
  moveDocuments: protectedProcedure
    .input(z.object({ ids, namespace: namespaceNameSchema }))
    .mutation(async ({ ctx, input }) => {
      const moved = await moveDocuments(ctx.user, input.ids, input.namespace);
      await recordAudit({
        actor: ctx.user,
        action: "knowledge.move",
        target: input.namespace,
        details: { documents: moved },
      });
      return { moved };
    }),
  reembed: protectedProcedure
    .input(z.object({ ids: ids.max(500, "Re-embed at most 500 documents at a time.") }))
    .mutation(({ ctx, input }) => reembedDocuments(ctx.user, input.ids)),

  query: protectedProcedure.input(queryTestSchema).mutation(({ ctx, input }) => runQueryTest(input, ctx.user.id)),

  createNamespace: adminProcedure
    .input(z.object({ name: namespaceNameSchema, description: z.string().trim().max(500).default("") }))
    .mutation(async ({ ctx, input }) => {
      const ns = await createNamespace(input.name, input.description);
      await recordAudit({ actor: ctx.user, action: "knowledge.namespace.create", target: ns.name });
      return ns;
    }),
  renameNamespace: adminProcedure
    .input(z.object({ from: namespaceNameSchema, to: namespaceNameSchema }))
    .mutation(async ({ ctx, input }) => {
      const ns = await renameNamespace(input.from, input.to);
      await recordAudit({
        actor: ctx.user,
        action: "knowledge.namespace.rename",
        target: ns.name,
        details: { from: input.from },
      });
      return ns;
    }),
  deleteNamespace: adminProcedure.input(byNamespace).mutation(async ({ ctx, input }) => {
    const out = await deleteNamespace(input.namespace);
    await recordAudit({ actor: ctx.user, action: "knowledge.namespace.delete", target: input.namespace, details: out });
    return out;
  }),

  rebuild: adminProcedure.mutation(async ({ ctx }) => {
    const out = await rebuildIndex();
    await recordAudit({ actor: ctx.user, action: "knowledge.rebuild", details: out });
    return out;
  }),
  cleanupPlan: adminProcedure.query(() => planCleanup()),
  cleanup: adminProcedure.mutation(async ({ ctx }) => {
    const out = await runCleanup();
    await recordAudit({ actor: ctx.user, action: "knowledge.cleanup", details: out });
    return out;
  }),

  evalSet: protectedProcedure.input(byNamespace).query(({ input }) => evalSetJsonl(input.namespace)),
  saveEvalSet: adminProcedure
    .input(z.object({ namespace: namespaceNameSchema, jsonl: z.string().max(2_000_000) }))
    .mutation(({ input }) => saveEvalSet(input.namespace, input.jsonl)),
  evalRuns: protectedProcedure.input(byNamespace).query(({ input }) => evalRuns(input.namespace)),
  runEvaluation: protectedProcedure
    .input(byNamespace)
    .mutation(({ input }) => evaluateNamespace(input.namespace, false)),
  calibrate: adminProcedure.input(byNamespace).mutation(async ({ ctx, input }) => {
    const out = await evaluateNamespace(input.namespace, true);
    await recordAudit({
      actor: ctx.user,
      action: "knowledge.calibrate",
      target: input.namespace,
      details: { weights: out.weights },
    });
    return out;
  }),
});
