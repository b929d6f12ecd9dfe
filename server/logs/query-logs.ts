import "server-only";
import { LOG_LEVELS, type LogLevel } from "@/lib/log-levels";
import { NotFoundError } from "@/lib/errors";
import { sqlite } from "@/server/db";
import { sqlTime } from "@/server/db/sql";
import type { LogFilters } from "@/lib/logs/filters";
import { MARK_END, MARK_START, toFtsQuery } from "@/lib/logs/fts-query";
import {
  LIST_COLUMNS,
  type LogDetail,
  type LogListEntry,
  type RawLogRow,
  toDetail,
  toListEntry,
} from "@/server/logs/log-rows";

/**
 * Reads of the LogEntry table for the Logs page, the router and the export. Every statement is
 * prepared with bound parameters (the SQL text only ever contains fixed fragments and "?"), and
 * every read goes through the viewer's visibility: admins see everything, others their own rows.
 */
export interface LogViewer {
  id: string;
  role: "admin" | "user";
}

interface Where {
  fts: boolean;
  clauses: string[];
  params: unknown[];
}

function visibility(viewer: LogViewer, where: Where): Where {
  if (viewer.role !== "admin") {
    where.clauses.push("e.userId = ?");
    where.params.push(viewer.id);
  }
  return where;
}

function buildWhere(viewer: LogViewer, filters: LogFilters): Where {
  const where: Where = { fts: false, clauses: [], params: [] };
  visibility(viewer, where);
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    where.clauses.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    where.params.push(...values);
  };
  inList("e.level", filters.levels);
  inList("e.subsystem", filters.subsystems);
  if (filters.from) {
    where.clauses.push("e.time >= ?");
    where.params.push(sqlTime(filters.from));
  }
  if (filters.to) {
    where.clauses.push("e.time <= ?");
    where.params.push(sqlTime(filters.to));
  }
  for (const key of ["correlationId", "taskId", "agentId", "workflowId"] as const) {
    const value = filters[key];
    if (value) {
      where.clauses.push(`e.${key} = ?`);
      where.params.push(value);
    }
  }
  const match = toFtsQuery(filters.q);
  if (match) {
    where.fts = true;
    where.clauses.push("log_fts MATCH ?");
    where.params.push(match);
  }
  return where;
}

function whereSql(clauses: string[]): string {
  return clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
}

async function all<T>(sql: string, params: unknown[]): Promise<T[]> {
  const stmt = (await sqlite()).prepare(sql);
  stmt.safeIntegers(false);
  return stmt.all(...params) as T[];
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

async function selectPage(q: PageQuery): Promise<RawLogRow[]> {
  const where = buildWhere(q.viewer, q.filters ?? {});
  // With a search, FTS5 drives the query so its rowid order and highlight() are used directly.
  const idCol = where.fts ? "log_fts.rowid" : "e.id";
  if (q.before !== undefined) {
    where.clauses.push(`${idCol} < ?`);
    where.params.push(q.before);
  }
  if (q.after !== undefined) {
    where.clauses.push(`${idCol} > ?`);
    where.params.push(q.after);
  }
  const select = [LIST_COLUMNS];
  const selectParams: unknown[] = [];
  if (where.fts) {
    select.push("highlight(log_fts, 0, ?, ?) AS highlight");
    selectParams.push(MARK_START, MARK_END);
  }
  if (q.withDetail) select.push("e.data, e.stack");
  const from = where.fts ? `log_fts JOIN "LogEntry" e ON e.id = log_fts.rowid` : `"LogEntry" e`;
  // The tail reads the oldest entries after its cursor first, so a burst is fetched in order.
  const order = q.after !== undefined && q.before === undefined ? "ASC" : "DESC";
  const rows = await all<RawLogRow>(
    `SELECT ${select.join(", ")} FROM ${from} ${whereSql(where.clauses)} ORDER BY ${idCol} ${order} LIMIT ?`,
    [...selectParams, ...where.params, q.limit],
  );
  return order === "ASC" ? rows.reverse() : rows;
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
  const where = visibility(q.viewer, { fts: false, clauses: ["e.id = ?"], params: [q.id] });
  const [row] = await all<RawLogRow>(
    `SELECT ${LIST_COLUMNS}, e.data, e.stack FROM "LogEntry" e ${whereSql(where.clauses)}`,
    where.params,
  );
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
  const side = async (op: "<" | ">", order: "ASC" | "DESC") => {
    const where = visibility(q.viewer, { fts: false, clauses: [`e.id ${op} ?`], params: [q.id] });
    return all<RawLogRow>(
      `SELECT ${LIST_COLUMNS} FROM "LogEntry" e ${whereSql(where.clauses)} ORDER BY e.id ${order} LIMIT ?`,
      [...where.params, size],
    );
  };
  const [older, newer] = await Promise.all([side("<", "DESC"), side(">", "ASC")]);
  const { data: _data, stack: _stack, ...anchorEntry } = anchor;
  return {
    anchorId: anchor.id,
    entries: [...older.reverse().map(toListEntry), anchorEntry, ...newer.map(toListEntry)],
  };
}

export const CORRELATED_MAX = 500;

/** Every visible entry sharing the entry's correlation id (chronological, at most 500). */
export async function getCorrelatedLogs(q: {
  viewer: LogViewer;
  id: number;
}): Promise<{ correlationId: string; entries: LogListEntry[]; truncated: boolean }> {
  const anchor = await getLogById(q);
  const where = visibility(q.viewer, { fts: false, clauses: ["e.correlationId = ?"], params: [anchor.correlationId] });
  const rows = await all<RawLogRow>(
    `SELECT ${LIST_COLUMNS} FROM "LogEntry" e ${whereSql(where.clauses)} ORDER BY e.id ASC LIMIT ?`,
    [...where.params, CORRELATED_MAX + 1],
  );
  return {
    correlationId: anchor.correlationId,
    entries: rows.slice(0, CORRELATED_MAX).map(toListEntry),
    truncated: rows.length > CORRELATED_MAX,
  };
}

export async function listLogSubsystems(q: { viewer: LogViewer }): Promise<string[]> {
  const where = visibility(q.viewer, { fts: false, clauses: [], params: [] });
  const rows = await all<{ subsystem: string }>(
    `SELECT DISTINCT e.subsystem AS subsystem FROM "LogEntry" e ${whereSql(where.clauses)} ORDER BY e.subsystem LIMIT 200`,
    where.params,
  );
  return rows.map((r) => r.subsystem);
}

export async function getLogStats(q: {
  viewer: LogViewer;
}): Promise<{ total: number; byLevel: Record<LogLevel, number> }> {
  const where = visibility(q.viewer, { fts: false, clauses: [], params: [] });
  const rows = await all<{ level: string; n: number }>(
    `SELECT e.level AS level, COUNT(*) AS n FROM "LogEntry" e ${whereSql(where.clauses)} GROUP BY e.level`,
    where.params,
  );
  const byLevel = Object.fromEntries(LOG_LEVELS.map((l) => [l, 0])) as Record<LogLevel, number>;
  let total = 0;
  for (const r of rows) {
    if (r.level in byLevel) byLevel[r.level as LogLevel] = r.n;
    total += r.n;
  }
  return { total, byLevel };
}
