import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "@/server/env";
import { AppError } from "@/lib/errors";
import { detectFormat } from "@/server/extract";
import { ingestFile } from "@/server/knowledge/ingest-file";
import { getNamespace, namespaceNameSchema } from "@/server/knowledge/namespaces";
import { findLiveDocumentByContent, listDocumentsBySourcePaths } from "@/server/knowledge/store/documents";
import { listIngestTasksByIds } from "@/server/knowledge/store/tasks";
import { getSettings } from "@/server/settings/settings";
import { enqueueTask, type SendEvent, sendWithInngest } from "@/server/tasks/enqueue";
import { EVENT } from "@/inngest/events/names";

/** Where uploaded documents are kept: their path is the document's sourcePath, so re-embedding and re-uploads find them. */
export function uploadsDir(): string {
  return path.join(env.DATA_DIR, "knowledge", "uploads");
}

export const uploadQuerySchema = z.object({
  namespace: namespaceNameSchema,
  name: z.string().trim().min(1, "The file needs a name.").max(200, "Use a file name of at most 200 characters."),
  embed: z.enum(["0", "1"]).default("1"),
});

export type UploadOutcome =
  | { status: "queued"; taskId: string; name: string }
  | { status: "duplicate"; documentId: string; title: string; name: string }
  | { status: "indexed" | "unchanged"; documentId: string; name: string }
  | { status: "failed"; documentId: string; error: string; name: string };

/** A file name safe to keep on disk (no separators, no leading dots), keeping its extension. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/"));
  return (
    base
      .replace(/[^\w.\- ]+/g, "_")
      .replace(/^\.+/, "")
      .slice(0, 200) || "document"
  );
}

/** Refuses what cannot be ingested before a byte is read: an unknown type or a declared size over the limit. */
export async function checkUpload(name: string, declaredBytes: number | null): Promise<{ limit: number }> {
  if (!detectFormat(name)) {
    throw new AppError(
      "BAD_REQUEST",
      `"${name}" is not a supported document type. Upload PDF, DOCX, XLSX, CSV, HTML, Markdown, text, source code or EML files.`,
    );
  }
  const limit = (await getSettings()).system.maxUploadMb * 1024 * 1024;
  if (declaredBytes !== null && declaredBytes > limit) throw tooLarge(name, limit);
  return { limit };
}

function tooLarge(name: string, limit: number): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `"${name}" is larger than the upload limit of ${Math.round(limit / 1024 / 1024)} MB (Settings -> System).`,
  );
}

/** Streams the body to a temporary file, hashing and counting as it goes; nothing is buffered whole. */
async function receive(
  body: AsyncIterable<Uint8Array>,
  name: string,
  limit: number,
): Promise<{ file: string; hash: string; size: number }> {
  const dir = path.join(uploadsDir(), ".incoming");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, randomUUID());
  const hash = createHash("sha256");
  let size = 0;
  const fh = await open(file, "w");
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > limit) throw tooLarge(name, limit);
      hash.update(chunk);
      await fh.write(chunk);
    }
  } catch (err) {
    await fh.close();
    await rm(file, { force: true });
    throw err;
  }
  await fh.close();
  if (size === 0) {
    await rm(file, { force: true });
    throw new AppError("BAD_REQUEST", `"${name}" is empty.`);
  }
  return { file, hash: hash.digest("hex"), size };
}

/**
 * Stores one uploaded document and starts its ingestion. The same bytes already in the
 * namespace are reported as a duplicate (nothing stored); the same name with new bytes from the
 * same person replaces their earlier version. Files are kept per uploader (issue 22, finding 7:
 * stored by name alone, another user's same-name upload replaced a document). With embed on, a durable ingest task runs (progress on the Tasks page and
 * the event bus); with it off, the text is indexed now and the document stays pending.
 */
export async function storeUpload(
  input: {
    userId: string;
    namespace: string;
    name: string;
    embed: boolean;
    body: AsyncIterable<Uint8Array>;
    declaredBytes: number | null;
  },
  send: SendEvent = sendWithInngest,
): Promise<UploadOutcome> {
  const { limit } = await checkUpload(input.name, input.declaredBytes);
  const ns = await getNamespace(input.namespace);
  const got = await receive(input.body, input.name, limit);
  const twin = await findLiveDocumentByContent({ namespaceId: ns.id, contentHash: got.hash });
  if (twin) {
    await rm(got.file, { force: true });
    return { status: "duplicate", documentId: twin.id, title: twin.title, name: input.name };
  }
  const dir = path.join(uploadsDir(), ns.name, safeFileName(input.userId));
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, safeFileName(input.name));
  await rename(got.file, target);
  const request = {
    namespace: ns.name,
    filePath: target,
    source: "upload" as const,
    sourcePath: target,
    fileName: input.name,
    createdById: input.userId,
  };
  if (!input.embed) {
    const outcome = await ingestFile(request, { embed: false });
    if (outcome.status === "failed")
      return { status: "failed", documentId: outcome.documentId, error: outcome.error, name: input.name };
    return {
      status: outcome.status === "duplicate" ? "unchanged" : outcome.status,
      documentId: outcome.documentId,
      name: input.name,
    };
  }
  const task = await enqueueTask(
    {
      kind: "ingest",
      title: `Ingest ${input.name}`,
      eventName: EVENT.ingestDocument,
      data: request,
      ownerId: input.userId,
      originType: "document",
    },
    send,
  );
  return { status: "queued", taskId: task.id, name: input.name };
}

/** Progress of the caller's upload tasks, with the document each produced (found by its stored path). */
export async function uploadStatus(user: { id: string; role: string }, taskIds: string[]) {
  const tasks = await listIngestTasksByIds({ ids: taskIds, ownerId: user.role === "admin" ? undefined : user.id });
  const paths = tasks.flatMap((t) => {
    const p = (JSON.parse(t.input ?? "{}") as { sourcePath?: string }).sourcePath;
    return p ? [p] : [];
  });
  const docs = await listDocumentsBySourcePaths({ sourcePaths: paths });
  return tasks.map((t) => {
    const p = (JSON.parse(t.input ?? "{}") as { sourcePath?: string }).sourcePath;
    const doc = docs.find((d) => d.sourcePath === p) ?? null;
    return {
      taskId: t.id,
      status: t.status,
      progress: t.progress,
      message: t.progressMessage,
      error: t.error,
      documentId: doc?.id ?? null,
      chunkCount: doc?.chunkCount ?? 0,
    };
  });
}
