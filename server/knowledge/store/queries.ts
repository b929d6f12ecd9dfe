import "server-only";
import { db } from "@/server/db";

/** KbQueryLog and KbQueryHit: the retrievals that were run and what they returned. */

/** One retrieval and its hits, for query history and "queries that hit this document". */
export async function insertQueryLog(q: {
  namespaceId: string;
  query: string;
  origin: string;
  userId: string | null;
  topK: number;
  latencyMs: number;
  hits: { documentId: string; chunkId: number; rank: number; score: number }[];
}): Promise<void> {
  const { hits, ...log } = q;
  await db.kbQueryLog.create({ data: { ...log, hits: { create: hits } } });
}

/** Past retrievals that returned this document, newest first. */
export async function listQueryHitsByDocument({ documentId, limit }: { documentId: string; limit: number }) {
  return db.kbQueryHit.findMany({
    where: { documentId },
    orderBy: { query: { createdAt: "desc" } },
    take: limit,
    include: { query: { select: { query: true, origin: true, createdAt: true, latencyMs: true, topK: true } } },
  });
}

/** A user's recent questions from one origin in a namespace, newest first, with their hit counts. */
export async function listQueryLogsByUser({
  namespaceId,
  origin,
  userId,
  limit,
}: {
  namespaceId: string;
  origin: string;
  userId: string;
  limit: number;
}) {
  return db.kbQueryLog.findMany({
    where: { namespaceId, origin, userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { query: true, createdAt: true, latencyMs: true, _count: { select: { hits: true } } },
  });
}
