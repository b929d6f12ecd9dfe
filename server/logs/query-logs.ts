import "server-only";
import { LOG_LEVELS, type LogLevel } from "@/lib/log-levels";
import { NotFoundError } from "@/lib/errors";
import type { LogFilters } from "@/lib/logs/filters";
import { type LogDetail, type LogListEntry, toDetail, toListEntry } from "@/server/logs/log-rows";
import {
  countLogsByLevel,
  getLogRowById,
  listLogRows,
  listLogRowsByCorrelationId,
  listLogRowsNextTo,
  listLogSubsystemNames,
} from "@/server/logs/store";

/**
 * Reads of the log for the Logs page, the router and the export. Every read goes through the
 * viewer's visibility: admins see everything, others their own rows.
 */
export interface LogViewer {
  id: string;
  role: "admin" | "user";
}

/** Whose entries the viewer may read: null for everyone's. */
function visibleUserId(viewer: LogViewer): string | null {
  return viewer.role === "admin" ? null : viewer.id;
}

export interface LogPage {
  entries: LogListEntry[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: number | null;
  /** More entries match beyond this page (for the tail: newer ones; fetch again after the newest). */
  more: boolean;
}

interface PageQuery {
  viewer: LogViewer;
  filters?: LogFilters;
  before?: number;
  after?: number;
  limit: number;
  withDetail?: boolean;
}

function selectPage(q: PageQuery) {
  return listLogRows({
    userId: visibleUserId(q.viewer),
    filters: q.filters ?? {},
    before: q.before,
    after: q.after,
    limit: q.limit,
    withDetail: q.withDetail,
  });
}

/** Newest first. `before` pages down; `after` returns the entries newer than the tail's newest. */
export async function listLogs(q: Omit<PageQuery, "withDetail">): Promise<LogPage> {
  const rows = await selectPage({ ...q, limit: q.limit + 1 });
  const tail = q.after !== undefined && q.before === undefined;
  // For the tail the extra row is the newest one (fetched next time); otherwise the oldest.
  const page = rows.length > q.limit ? (tail ? rows.slice(1) : rows.slice(0, q.limit)) : rows;
  const more = rows.length > q.limit;
  return {
    entries: page.map(toListEntry),
    nextCursor: !tail && more ? (page.at(-1)?.id ?? null) : null,
    more,
  };
}

/** Every matching entry with its data and stack, newest first, in batches (for the export). */
export async function* iterateLogs(q: {
  viewer: LogViewer;
  filters?: LogFilters;
  batchSize?: number;
}): AsyncGenerator<LogDetail[]> {
  const batchSize = q.batchSize ?? 1000;
  let before: number | undefined;
  for (;;) {
    const rows = await selectPage({ viewer: q.viewer, filters: q.filters, before, limit: batchSize, withDetail: true });
    if (rows.length === 0) return;
    yield rows.map(toDetail);
    if (rows.length < batchSize) return;
    before = rows.at(-1)!.id;
  }
}

export async function getLogById(q: { viewer: LogViewer; id: number }): Promise<LogDetail> {
  const row = await getLogRowById({ userId: visibleUserId(q.viewer), id: q.id });
  if (!row) throw new NotFoundError("That log entry");
  return toDetail(row);
}

/** The entry with up to `size` entries before and after it (chronological). */
export async function getLogContext(q: {
  viewer: LogViewer;
  id: number;
  size?: number;
}): Promise<{ anchorId: number; entries: LogListEntry[] }> {
  const size = q.size ?? 5;
  const anchor = await getLogById(q);
  const side = (side: "older" | "newer") =>
    listLogRowsNextTo({ userId: visibleUserId(q.viewer), id: q.id, side, limit: size });
  const [older, newer] = await Promise.all([side("older"), side("newer")]);
  const { data: _data, stack: _stack, ...anchorEntry } = anchor;
  return {
    anchorId: anchor.id,
    entries: [...older.map(toListEntry), anchorEntry, ...newer.map(toListEntry)],
  };
}

export const CORRELATED_MAX = 500;

/** Every visible entry sharing the entry's correlation id (chronological, at most 500). */
export async function getCorrelatedLogs(q: {
  viewer: LogViewer;
  id: number;
}): Promise<{ correlationId: string; entries: LogListEntry[]; truncated: boolean }> {
  const anchor = await getLogById(q);
  const rows = await listLogRowsByCorrelationId({
    userId: visibleUserId(q.viewer),
    correlationId: anchor.correlationId,
    limit: CORRELATED_MAX + 1,
  });
  return {
    correlationId: anchor.correlationId,
    entries: rows.slice(0, CORRELATED_MAX).map(toListEntry),
    truncated: rows.length > CORRELATED_MAX,
  };
}

export async function listLogSubsystems(q: { viewer: LogViewer }): Promise<string[]> {
  return listLogSubsystemNames({ userId: visibleUserId(q.viewer) });
}

export async function getLogStats(q: {
  viewer: LogViewer;
}): Promise<{ total: number; byLevel: Record<LogLevel, number> }> {
  const rows = await countLogsByLevel({ userId: visibleUserId(q.viewer) });
  const byLevel = Object.fromEntries(LOG_LEVELS.map((l) => [l, 0])) as Record<LogLevel, number>;
  let total = 0;
  for (const r of rows) {
    if (r.level in byLevel) byLevel[r.level as LogLevel] = r.n;
    total += r.n;
  }
  return { total, byLevel };
}
