import "server-only";
import { db } from "@/server/db";

export interface AuditRow {
  id: string;
  createdAt: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  target: string | null;
  details: unknown;
  correlationId: string | null;
}

function parseDetails(details: string | null): unknown {
  if (!details) return null;
  try {
    return JSON.parse(details);
  } catch {
    return details;
  }
}

/** Audit records newest first; `action` matches a whole action or a prefix ("secret." for all secret actions). */
export async function listAuditLog(q: {
  action?: string;
  cursor?: string;
  limit: number;
}): Promise<{ entries: AuditRow[]; nextCursor: string | null }> {
  const rows = await db.auditLog.findMany({
    where: q.action ? { action: { startsWith: q.action } } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      action: r.action,
      target: r.target,
      details: parseDetails(r.details),
      correlationId: r.correlationId,
    })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function listAuditActions(): Promise<string[]> {
  const rows = await db.auditLog.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
    take: 200,
  });
  return rows.map((r) => r.action);
}
