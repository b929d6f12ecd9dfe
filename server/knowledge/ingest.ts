import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import type { Database } from "better-sqlite3";
import { AppError } from "@/lib/errors";
import { chunkBlocks } from "@/lib/knowledge/chunker";
import type { Embedder } from "@/lib/knowledge/embedders/types";
import { detectFormat, extractDocument, MIME_OF } from "@/server/extract";
import type { ChunkDraft } from "@/lib/knowledge/types";
import { db, sqlite } from "@/server/db";
import { newRowId, sqlTime } from "@/server/db/sql";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { createEmbedder } from "@/server/knowledge/embedders";
import { namespaceEmbedder } from "@/server/knowledge/namespaces";
import { SqliteVecStore, type VectorStore } from "@/server/knowledge/vector-store";

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

interface Replacement {
  documentId: string;
  namespace: KbNamespace;
  chunks: ChunkDraft[];
  vectors: Float32Array[] | null;
  fields: {
    title: string;
    mime: string;
    size: number;
    contentHash: string;
    metadata: string;
    sourcePath: string | null;
  };
}

/**
 * The document's chunks, lexical index (triggers) and vectors are replaced in one SQLite
 * transaction: readers see the old version or the new one, never a mix.
 */
export function replaceChunks(raw: Database, store: VectorStore, r: Replacement): void {
  const now = sqlTime(new Date());
  store.transaction(() => {
    const old = raw.prepare(`SELECT id FROM KbChunk WHERE documentId = ?`).safeIntegers(false).all(r.documentId) as {
      id: number;
    }[];
    store.remove(
      r.namespace.dimension,
      old.map((o) => o.id),
    );
    raw.prepare(`DELETE FROM KbChunk WHERE documentId = ?`).run(r.documentId);
    const ins = raw.prepare(
      `INSERT INTO KbChunk (documentId, namespaceId, seq, text, tokens, headingPath, page, lineStart, lineEnd, rowStart, rowEnd, charStart, charEnd)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const items: { id: number; vector: Float32Array }[] = [];
    r.chunks.forEach((c, i) => {
      const info = ins.run(
        r.documentId,
        r.namespace.id,
        c.seq,
        c.text,
        c.tokens,
        c.headingPath ?? null,
        c.page ?? null,
        c.lineStart ?? null,
        c.lineEnd ?? null,
        c.rowStart ?? null,
        c.rowEnd ?? null,
        c.charStart,
        c.charEnd,
      );
      if (r.vectors) items.push({ id: Number(info.lastInsertRowid), vector: r.vectors[i]! });
    });
    store.upsert(r.namespace.id, r.namespace.dimension, items);
    const f = r.fields;
    raw
      .prepare(
        `UPDATE KbDocument SET title = ?, mime = ?, size = ?, contentHash = ?, metadata = ?, sourcePath = ?, status = ?, error = NULL,
         chunkCount = ?, embeddedAt = ?, updatedAt = ? WHERE id = ?`,
      )
      .run(
        f.title,
        f.mime,
        f.size,
        f.contentHash,
        f.metadata,
        f.sourcePath,
        r.vectors ? "embedded" : "pending",
        r.chunks.length,
        r.vectors ? now : null,
        now,
        r.documentId,
      );
  });
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
interface DocumentRow {
  id: string;
  contentHash: string;
  status: string;
  chunkCount: number;
  metadata: string;
}

// Lookups and the insert of a new document are plain prepared statements on the shared
// connection: a Prisma call costs about 1-2 ms here, several times the document's own SQL.
function findBySourcePath(raw: Database, namespaceId: string, sourcePath: string): DocumentRow | null {
  const row = raw
    .prepare(
      `SELECT id, contentHash, status, chunkCount, metadata FROM KbDocument WHERE namespaceId = ? AND sourcePath = ? LIMIT 1`,
    )
    .safeIntegers(false)
    .get(namespaceId, sourcePath) as DocumentRow | undefined;
  return row ?? null;
}

function findTwin(raw: Database, namespaceId: string, hash: string, exceptId: string | null): DocumentRow | null {
  const row = raw
    .prepare(
      `SELECT id, contentHash, status, chunkCount, metadata FROM KbDocument WHERE namespaceId = ? AND contentHash = ? AND status <> 'failed' AND id <> ? LIMIT 1`,
    )
    .safeIntegers(false)
    .get(namespaceId, hash, exceptId ?? "") as DocumentRow | undefined;
  return row ?? null;
}

function insertDocument(
  raw: Database,
  d: {
    namespaceId: string;
    title: string;
    source: string;
    sourcePath: string | null;
    mime: string;
    size: number;
    contentHash: string;
    metadata: string;
    createdById: string | null;
  },
): DocumentRow {
  const id = newRowId();
  const now = sqlTime(new Date());
  raw
    .prepare(
      `INSERT INTO KbDocument (id, namespaceId, title, source, sourcePath, mime, size, contentHash, status, metadata, chunkCount, createdById, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, 0, ?, ?, ?)`,
    )
    .run(
      id,
      d.namespaceId,
      d.title,
      d.source,
      d.sourcePath,
      d.mime,
      d.size,
      d.contentHash,
      d.metadata,
      d.createdById,
      now,
      now,
    );
  return { id, contentHash: d.contentHash, status: "pending", chunkCount: 0, metadata: d.metadata };
}

/**
 * Ingests one file into a namespace: unchanged bytes are a no-op, the same bytes under another
 * name are a duplicate (nothing new is stored), changed bytes replace the document's chunks
 * atomically. A failure leaves an earlier version intact (its error is recorded) or marks a new
 * document failed with a message a person can act on.
 */
export async function ingestDocument(input: IngestInput): Promise<IngestOutcome> {
  const ns = input.namespace;
  const raw = await sqlite();
  const hash = contentHash(input.data);
  const sourcePath = input.sourcePath ?? null;
  const existing = sourcePath ? findBySourcePath(raw, ns.id, sourcePath) : null;
  const embed = input.embed ?? true;
  const complete = (status: string) => (embed ? status === "embedded" : status !== "failed");

  if (existing && existing.contentHash === hash && complete(existing.status)) {
    return { status: "unchanged", documentId: existing.id, chunkCount: existing.chunkCount };
  }
  const twin = findTwin(raw, ns.id, hash, existing?.id ?? null);
  if (twin && complete(twin.status)) return { status: "duplicate", documentId: twin.id, chunkCount: twin.chunkCount };

  const format = detectFormat(input.fileName);
  const mime = format ? MIME_OF[format] : "application/octet-stream";
  const title = input.title ?? path.basename(input.fileName);
  const doc =
    existing ??
    insertDocument(raw, {
      namespaceId: ns.id,
      title,
      source: input.source,
      sourcePath,
      mime,
      size: input.data.byteLength,
      contentHash: hash,
      metadata: JSON.stringify(input.metadata ?? {}),
      createdById: input.createdById ?? null,
    });
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
    replaceChunks(raw, new SqliteVecStore(raw), {
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
    await db.kbDocument.update({
      where: { id: doc.id },
      data: hadVersion ? { error } : { status: "failed", error, contentHash: hash, size: input.data.byteLength },
    });
    return { status: "failed", documentId: doc.id, error, previousKept: hadVersion };
  }
}

/** Removes a document with its chunks, lexical index entries and vectors, in one transaction. */
export async function deleteDocument(documentId: string): Promise<void> {
  const doc = await db.kbDocument.findUnique({ where: { id: documentId }, include: { namespace: true } });
  if (!doc) return;
  const raw = await sqlite();
  const store = new SqliteVecStore(raw);
  store.transaction(() => {
    const ids = raw.prepare(`SELECT id FROM KbChunk WHERE documentId = ?`).safeIntegers(false).all(documentId) as {
      id: number;
    }[];
    store.remove(
      doc.namespace.dimension,
      ids.map((i) => i.id),
    );
    raw.prepare(`DELETE FROM KbDocument WHERE id = ?`).run(documentId);
  });
}
