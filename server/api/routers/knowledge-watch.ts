import { z } from "zod";
import { AppError } from "@/lib/errors";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { activeReembed, clearStaging, estimateReembed, latestReembed, startReembed } from "@/server/knowledge/reembed";
import { getNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";
import {
  addFolderSchema,
  addWatchedFolder,
  listFilesSchema,
  listWatchedFiles,
  listWatchedFolders,
  removeWatchedFolder,
  updateFolderSchema,
  updateWatchedFolder,
} from "@/server/knowledge/watch/folders";
import { watchManager } from "@/server/knowledge/watch/manager";
import { logger } from "@/server/logger";
import { listModels } from "@/server/providers/catalog";
import { cancelTask } from "@/server/tasks/actions";

const folderId = z.object({ id: z.string().min(1).max(64) });
const byNamespace = z.object({ namespace: namespaceNameSchema });
const EMBEDDING_NAME = /embed|bge|e5|minilm|gte|arctic|mpnet/i;

/**
 * Watched folders and namespace re-embeds. Admin only: a watched folder reads a server path, and
 * a namespace's embedder is shared by everyone who searches it.
 */
export const knowledgeWatchRouter = createTRPCRouter({
  folders: adminProcedure.query(() => listWatchedFolders(watchManager())),

  files: adminProcedure.input(listFilesSchema).query(({ input }) => listWatchedFiles(input, watchManager())),

  add: adminProcedure.input(addFolderSchema).mutation(({ input }) => addWatchedFolder(input, watchManager())),

  update: adminProcedure.input(updateFolderSchema).mutation(({ input }) => updateWatchedFolder(input, watchManager())),

  remove: adminProcedure
    .input(folderId.extend({ keepDocuments: z.boolean().default(false) }))
    .mutation(({ input }) => removeWatchedFolder(input, watchManager())),

  /** Starts a scan now (in the background; the folder list shows its progress). `full` re-reads every file. */
  rescan: adminProcedure.input(folderId.extend({ full: z.boolean().default(false) })).mutation(({ input }) => {
    const manager = watchManager();
    if (!manager.isRunning)
      throw new AppError("PRECONDITION_FAILED", "The folder watcher is not running in this process; restart the app.");
    void manager
      .rescan(input.id, input.full)
      .catch((err: unknown) =>
        logger.warn("knowledge", "watched folder rescan failed", { folderId: input.id, error: err as Error }),
      );
    return { started: true };
  }),

  reembedEstimate: adminProcedure.input(byNamespace).query(({ input }) => estimateReembed(input.namespace)),

  /** Embedders to offer: the built-in one, and provider models whose name says they embed. */
  embedderOptions: adminProcedure.query(async () => {
    const catalog = await listModels().catch(() => null);
    const remote = (catalog?.models ?? [])
      .filter((m) => (m.provider === "ollama" || m.provider === "compat") && EMBEDDING_NAME.test(m.name))
      .map((m) => m.id);
    return ["builtin:use-lite", ...new Set(remote)];
  }),

  reembedStatus: adminProcedure.input(byNamespace).query(({ input }) => latestReembed(input.namespace)),

  reembedStart: adminProcedure
    .input(byNamespace.extend({ embedder: z.string().trim().min(3, "Choose an embedder.").max(300) }))
    .mutation(({ ctx, input }) =>
      startReembed({ namespace: input.namespace, embedder: input.embedder, ownerId: ctx.user.id }),
    ),

  /** Stops the namespace's re-embed; it keeps its old embedder and vectors. */
  reembedCancel: adminProcedure.input(byNamespace).mutation(async ({ ctx, input }) => {
    const task = await activeReembed(input.namespace);
    if (!task) throw new AppError("CONFLICT", `The namespace "${input.namespace}" is not being re-embedded.`);
    const out = await cancelTask({ viewer: ctx.user, id: task.id });
    await clearStaging((await getNamespace(input.namespace)).id);
    return out;
  }),
});
