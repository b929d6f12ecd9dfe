import "server-only";
import { listAuditActionNames, listAuditLogs } from "@/server/logs/store";

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
  const rows = await listAuditLogs({ actionPrefix: q.action, cursor: q.cursor, take: q.limit + 1 });
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
  return listAuditActionNames({ take: 200 });
}
