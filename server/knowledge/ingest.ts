import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { chunkBlocks } from "@/lib/knowledge/chunker";
import type { Embedder } from "@/lib/knowledge/embedders/types";
import { detectFormat, extractDocument, MIME_OF } from "@/server/extract";
import type { ChunkDraft } from "@/lib/knowledge/types";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { createEmbedder } from "@/server/knowledge/embedders";
import { namespaceEmbedder } from "@/server/knowledge/namespaces";
import {
  type ChunkReplacement,
  deleteDocumentsWithVectors,
  replaceChunksOfDocument,
} from "@/server/knowledge/store/chunks";
import {
  getDocumentWithNamespaceById,
  getIngestedDocumentByContent,
  getIngestedDocumentBySourcePath,
  insertPendingDocument,
  markDocumentFailedById,
  updateDocumentErrorById,
} from "@/server/knowledge/store/documents";
import { appVectorStore } from "@/server/knowledge/store/vectors";
import type { VectorStore } from "@/server/knowledge/vector-store";

export type DocumentSource = "upload" | "watched" | "mail" | "file";

export interface IngestInput {
  namespace: KbNamespace;
  data: Uint8Array;
  fileName: string;
  source: DocumentSource;
  /** Absolute path or logical reference; a document with the same one is replaced when its bytes change. */
  sourcePath?: string | null;
  title?: string;
  metadata?: Record<string, string>;
  createdById?: string | null;
  /** false stores chunks and the lexical index only (status stays pending until embedded). */
  embed?: boolean;
  embedder?: Embedder;
  onProgress?: (fraction: number, message: string) => void | Promise<void>;
}

export type IngestOutcome =
  | { status: "indexed"; documentId: string; chunkCount: number; replaced: boolean }
  | { status: "unchanged" | "duplicate"; documentId: string; chunkCount: number }
  | { status: "failed"; documentId: string; error: string; previousKept: boolean };

export function contentHash(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** What is embedded for a chunk: its heading path gives a passage its context. */
export function embeddingText(c: Pick<ChunkDraft, "text" | "headingPath">): string {
  return c.headingPath ? `${c.headingPath}\n${c.text}` : c.text;
}

async function embedAll(
  embedder: Embedder,
  chunks: ChunkDraft[],
  onProgress?: IngestInput["onProgress"],
): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let i = 0; i < chunks.length; i += embedder.batchSize) {
    const batch = chunks.slice(i, i + embedder.batchSize);
    vectors.push(...(await embedder.embedDocuments(batch.map(embeddingText))));
    await onProgress?.(
      0.2 + 0.75 * (Math.min(chunks.length, i + batch.length) / chunks.length),
      `Embedded ${Math.min(chunks.length, i + batch.length)} of ${chunks.length} chunks`,
    );
  }
  return vectors;
}

/**
 * The document's chunks, lexical index and vectors replaced in one SQLite transaction: readers
 * see the old version or the new one, never a mix.
 */
export async function replaceChunks(vectors: VectorStore, r: ChunkReplacement): Promise<void> {
  await replaceChunksOfDocument(vectors, r);
}

function errorMessage(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return `Indexing failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500);
}

/**
 * Ingests one file into a namespace: unchanged bytes are a no-op, the same bytes under another
 * name are a duplicate (nothing new is stored), changed bytes replace the document's chunks
 * atomically. A failure leaves an earlier version intact (its error is recorded) or marks a new
 * document failed with a message a person can act on.
 */
export async function ingestDocument(input: IngestInput): Promise<IngestOutcome> {
  const ns = input.namespace;
  const hash = contentHash(input.data);
  const sourcePath = input.sourcePath ?? null;
  const existing = sourcePath ? await getIngestedDocumentBySourcePath({ namespaceId: ns.id, sourcePath }) : null;
  const embed = input.embed ?? true;
  const complete = (status: string) => (embed ? status === "embedded" : status !== "failed");

  if (existing && existing.contentHash === hash && complete(existing.status)) {
    return { status: "unchanged", documentId: existing.id, chunkCount: existing.chunkCount };
  }
  const twin = await getIngestedDocumentByContent({
    namespaceId: ns.id,
    contentHash: hash,
    exceptId: existing?.id ?? null,
  });
  if (twin && complete(twin.status)) return { status: "duplicate", documentId: twin.id, chunkCount: twin.chunkCount };

  const format = detectFormat(input.fileName);
  const mime = format ? MIME_OF[format] : "application/octet-stream";
  const title = input.title ?? path.basename(input.fileName);
  const doc =
    existing ??
    (await insertPendingDocument({
      namespaceId: ns.id,
      title,
      source: input.source,
      sourcePath,
      mime,
      size: input.data.byteLength,
      contentHash: hash,
      metadata: JSON.stringify(input.metadata ?? {}),
      createdById: input.createdById ?? null,
    }));
  const hadVersion = existing !== null && existing.chunkCount > 0 && existing.status !== "failed";

  try {
    await input.onProgress?.(0.05, `Reading ${title}`);
    const extracted = await extractDocument(input.data, input.fileName);
    const chunks = chunkBlocks(extracted.blocks, { chunkSize: ns.chunkSize, chunkOverlap: ns.chunkOverlap });
    await input.onProgress?.(0.2, `Cut into ${chunks.length} chunks`);
    const vectors = embed
      ? await embedAll(input.embedder ?? createEmbedder(namespaceEmbedder(ns)), chunks, input.onProgress)
      : null;
    const metadata = {
      ...extracted.metadata,
      ...JSON.parse(existing?.metadata ?? "{}"),
      ...(input.metadata ?? {}),
    } as Record<string, string>;
    await replaceChunksOfDocument(await appVectorStore(), {
      documentId: doc.id,
      namespace: ns,
      chunks,
      vectors,
      fields: {
        title: input.title ?? (extracted.title || title),
        mime,
        size: input.data.byteLength,
        contentHash: hash,
        metadata: JSON.stringify(metadata),
        sourcePath,
      },
    });
    await input.onProgress?.(1, `Indexed ${chunks.length} chunks`);
    return { status: "indexed", documentId: doc.id, chunkCount: chunks.length, replaced: hadVersion };
  } catch (err) {
    const error = errorMessage(err);
    if (hadVersion) await updateDocumentErrorById({ id: doc.id, error });
    else await markDocumentFailedById({ id: doc.id, error, contentHash: hash, size: input.data.byteLength });
    return { status: "failed", documentId: doc.id, error, previousKept: hadVersion };
  }
}

/** Removes a document with its chunks, lexical index entries and vectors, in one transaction. */
export async function deleteDocument(documentId: string): Promise<void> {
  const doc = await getDocumentWithNamespaceById({ id: documentId });
  if (!doc) return;
  await deleteDocumentsWithVectors([{ id: doc.id, dimension: doc.namespace.dimension }]);
}
