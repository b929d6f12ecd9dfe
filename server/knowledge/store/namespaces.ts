import "server-only";
import { db } from "@/server/db";
import type { KbNamespace } from "@/server/generated/prisma/client";

/** KbNamespace rows (deleting one with its vectors is in store/chunks.ts). */

export async function getNamespaceByName({ name }: { name: string }): Promise<KbNamespace | null> {
  return db.kbNamespace.findUnique({ where: { name } });
}

export async function getNamespaceById({ id }: { id: string }): Promise<KbNamespace> {
  return db.kbNamespace.findUniqueOrThrow({ where: { id } });
}

export async function listNamespacesByAge(): Promise<KbNamespace[]> {
  return db.kbNamespace.findMany({ orderBy: { createdAt: "asc" } });
}

/** Every namespace name with its document count, by name. */
export async function listNamespaceNamesWithCounts(): Promise<{ name: string; documents: number }[]> {
  const rows = await db.kbNamespace.findMany({
    select: { name: true, _count: { select: { documents: true } } },
    orderBy: { name: "asc" },
  });
  return rows.map((r) => ({ name: r.name, documents: r._count.documents }));
}

/** The namespace, created with these fields when none has the name yet. */
export async function upsertNamespaceByName({
  name,
  create,
}: {
  name: string;
  create: Pick<KbNamespace, "embedderProvider" | "embedderModel" | "dimension" | "bm25Weight" | "vectorWeight">;
}): Promise<KbNamespace> {
  return db.kbNamespace.upsert({ where: { name }, update: {}, create: { name, ...create } });
}

export async function updateNamespaceById({
  id,
  data,
}: {
  id: string;
  data: Partial<Pick<KbNamespace, "name" | "description" | "bm25Weight" | "vectorWeight" | "scoreThreshold">>;
}): Promise<KbNamespace> {
  return db.kbNamespace.update({ where: { id }, data });
}
