import { type Inngest, NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { events } from "@/inngest/events";
import { createEmbedder } from "@/server/knowledge/embedders";
import { embedNextBatch, reembedProgress, reembedRequestSchema, switchNamespace } from "@/server/knowledge/reembed";
import { getNamespace } from "@/server/knowledge/namespaces";
import { reportProgress } from "@/server/tasks/progress";

/** Rounds of "embed what arrived meanwhile, then try the switch again" before giving up. */
const SWITCH_ATTEMPTS = 5;

/**
 * Re-embeds a namespace with another embedder as a durable task: one step per batch of chunks
 * (a restart resumes after the last finished batch, the staged vectors are kept), progress on the
 * task, then one transaction switches the namespace. Until then searches use the old vectors;
 * cancelling the task stops it at the next batch and leaves the namespace as it was.
 */
export function createKbReembed(client: Inngest.Any) {
  return client.createFunction(
    {
      id: "kb-reembed",
      name: "Re-embed namespace",
      retries: 2,
      concurrency: { limit: 1 },
      triggers: [events.reembedNamespace],
    },
    async ({ event, step }) => {
      const parsed = reembedRequestSchema.safeParse(event.data);
      if (!parsed.success)
        throw new NonRetriableError(
          `The re-embed request is not valid: ${parsed.error.issues.map((i) => i.message).join(" ")}`,
        );
      const req = parsed.data;
      const embedder = createEmbedder({ provider: req.provider, model: req.model });
      let batch = 0;
      for (let attempt = 0; attempt < SWITCH_ATTEMPTS; attempt++) {
        for (;;) {
          const p = await step.run(`embed-${batch++}`, async () => {
            const progress = await embedNextBatch(req, embedder);
            const total = progress.staged + progress.remaining;
            await reportProgress(
              undefined,
              total ? (progress.staged / total) * 99 : 99,
              `Embedded ${progress.staged} of ${total} chunks`,
            );
            return progress;
          });
          if (p.remaining === 0) break;
        }
        const switched = await step.run(`switch-${attempt}`, async () => {
          const ok = await switchNamespace(req);
          if (ok)
            await reportProgress(
              undefined,
              100,
              `Switched to ${req.provider}:${req.model} (${req.dimension} dimensions)`,
            );
          return ok;
        });
        if (switched) {
          const ns = await getNamespace(req.namespace);
          return {
            namespace: ns.name,
            embedder: `${ns.embedderProvider}:${ns.embedderModel}`,
            dimension: ns.dimension,
          };
        }
      }
      const left = await reembedProgress((await getNamespace(req.namespace)).id);
      throw new NonRetriableError(
        `Documents kept arriving during the re-embed (${left.remaining} chunks still without a new vector); run it again when ingestion is quiet.`,
      );
    },
  );
}

export const kbReembed = createKbReembed(inngest);
