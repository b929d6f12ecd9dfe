import { type Inngest, NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { events } from "@/inngest/events";
import { ingestFile, ingestFileRequestSchema } from "@/server/knowledge/ingest-file";
import { reportProgress } from "@/server/tasks/progress";

/**
 * Ingests one document as a durable task: extract, chunk, embed in batches (progress on the
 * task), then replace the document's chunks in one transaction. One document at a time: two
 * versions of a file cannot race, and embedding is CPU-bound anyway (the embedded executor
 * supports only a plain limit, no key).
 */
export function createIngestDocument(client: Inngest.Any) {
  return client.createFunction(
    {
      id: "kb-ingest-document",
      name: "Ingest document",
      retries: 2,
      concurrency: { limit: 1 },
      triggers: [events.ingestDocument],
    },
    async ({ event, step }) => {
      const parsed = ingestFileRequestSchema.safeParse(event.data);
      if (!parsed.success)
        throw new NonRetriableError(
          `The ingestion request is not valid: ${parsed.error.issues.map((i) => i.message).join(" ")}`,
        );
      const outcome = await step.run("ingest", () =>
        ingestFile(parsed.data, {
          onProgress: (fraction, message) => void reportProgress(undefined, fraction * 100, message),
        }),
      );
      if (outcome.status === "failed") throw new NonRetriableError(outcome.error);
      return outcome;
    },
  );
}

export const ingestDocument = createIngestDocument(inngest);
