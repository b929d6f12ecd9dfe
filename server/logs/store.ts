import "server-only";
import type { LogFilters } from "@/lib/logs/filters";
import { MARK_END, MARK_START, toFtsQuery } from "@/lib/logs/fts-query";
import { db, preparedStatement, sqlite } from "@/server/db";
import { type Column, columnList, EXTERNAL_TABLES, insertSql, sqlTime } from "@/server/db/sql";
import type { RawLogRow } from "@/server/logs/log-rows";

/**
 * LogEntry (with its FTS5 index log_fts) and AuditLog. Log lines are written and read with raw
 * statements: the logger writes a row per line and the Logs page searches through FTS5, which
 * Prisma cannot speak. This module must not import the logger: the logger writes through it.
 */

/** `e."a", e."b"`: checked LogEntry columns behind the alias `e` (log_fts has columns of the same names). */
function entryColumns(columns: readonly Column<"LogEntry">[]): string {
  columnList("LogEntry", columns);
  return columns.map(entry).join(", ");
}

function entry(column: Column<"LogEntry">): string {
  return `e."${column}"`;
}

const LIST_FIELDS = [
  "id",
  "time",
  "level",
  "subsystem",
  "message",
  "correlationId",
  "userId",
  "taskId",
  "agentId",
  "workflowId",
] as const satisfies readonly Column<"LogEntry">[];
const LIST = entryColumns(LIST_FIELDS);
const DETAIL = entryColumns([...LIST_FIELDS, "data", "stack"]);
// highlight() takes the position of the FTS column, in the order log_fts declares them.
const HIGHLIGHT = `highlight(log_fts, ${EXTERNAL_TABLES.log_fts.indexOf("message")}, ?, ?) AS highlight`;
// A null @userId reads every user's entries (an admin); otherwise only that user's.
const SCOPE = `(@userId IS NULL OR ${entry("userId")} = @userId)`;

const NEW_ENTRY_FIELDS = [
  "time",
  "level",
  "levelNo",
  "subsystem",
  "message",
  "correlationId",
  "userId",
  "taskId",
  "agentId",
  "workflowId",
  "data",
  "stack",
  "createdAt",
  "updatedAt",
] as const satisfies readonly Column<"LogEntry">[];

/** A log line as the logger hands it over; the store fills in the timestamps. */
export interface NewLogEntry {
  time: Date;
  level: string;
  levelNo: number;
  subsystem: string;
  message: string;
  correlationId: string;
  userId: string | null;
  taskId: string | null;
  agentId: string | null;
  workflowId: string | null;
  data: string | null;
  stack: string | null;
}

type Scope = { userId: string | null };

const insertEntry = preparedStatement(`${insertSql("LogEntry", NEW_ENTRY_FIELDS)} RETURNING "id"`);
const entryById = preparedStatement<[Scope & { id: number }]>(
  `SELECT ${DETAIL} FROM "LogEntry" e WHERE ${entry("id")} = @id AND ${SCOPE}`,
);
const olderEntries = preparedStatement<[Scope & { id: number; limit: number }]>(
  `SELECT ${LIST} FROM "LogEntry" e WHERE ${entry("id")} < @id AND ${SCOPE} ORDER BY ${entry("id")} DESC LIMIT @limit`,
);
const newerEntries = preparedStatement<[Scope & { id: number; limit: number }]>(
  `SELECT ${LIST} FROM "LogEntry" e WHERE ${entry("id")} > @id AND ${SCOPE} ORDER BY ${entry("id")} ASC LIMIT @limit`,
);
const entriesByCorrelationId = preparedStatement<[Scope & { correlationId: string; limit: number }]>(
  `SELECT ${LIST} FROM "LogEntry" e WHERE ${entry("correlationId")} = @correlationId AND ${SCOPE}
   ORDER BY ${entry("id")} ASC LIMIT @limit`,
);
const subsystemNames = preparedStatement<[Scope]>(
  `SELECT DISTINCT ${entry("subsystem")} AS subsystem FROM "LogEntry" e WHERE ${SCOPE} ORDER BY ${entry("subsystem")} LIMIT 200`,
);
const countsByLevel = preparedStatement<[Scope]>(
  `SELECT ${entry("level")} AS level, COUNT(*) AS n FROM "LogEntry" e WHERE ${SCOPE} GROUP BY ${entry("level")}`,
);
const deleteOldEntries = preparedStatement<[{ before: string; limit: number }]>(
  `DELETE FROM "LogEntry" WHERE "id" IN (SELECT "id" FROM "LogEntry" WHERE "time" < @before LIMIT @limit)`,
);

/** Writes the lines in one transaction and returns their ids, in order. */
export async function insertLogEntries(rows: readonly NewLogEntry[]): Promise<number[]> {
  const [raw, insert] = await Promise.all([sqlite(), insertEntry()]);
  return raw.transaction(() =>
    rows.map((row) => {
      const at = sqlTime(row.time);
      return (insert.get({ ...row, time: at, createdAt: at, updatedAt: at }) as { id: number }).id;
    }),
  )();
}

interface Where {
  fts: boolean;
  clauses: string[];
  params: unknown[];
}

function filterWhere(userId: string | null, filters: LogFilters): Where {
  const where: Where = { fts: false, clauses: [], params: [] };
  const add = (clause: string, ...params: unknown[]) => {
    where.clauses.push(clause);
    where.params.push(...params);
  };
  if (userId !== null) add(`${entry("userId")} = ?`, userId);
  for (const [column, values] of [
    ["level", filters.levels],
    ["subsystem", filters.subsystems],
  ] as const) {
    if (values && values.length > 0) add(`${entry(column)} IN (${values.map(() => "?").join(", ")})`, ...values);
  }
  if (filters.from) add(`${entry("time")} >= ?`, sqlTime(filters.from));
  if (filters.to) add(`${entry("time")} <= ?`, sqlTime(filters.to));
  for (const key of ["correlationId", "taskId", "agentId", "workflowId"] as const) {
    const value = filters[key];
    if (value) add(`${entry(key)} = ?`, value);
  }
  const match = toFtsQuery(filters.q);
  if (match) {
    where.fts = true;
    add("log_fts MATCH ?", match);
  }
  return where;
}

/**
 * One page of entries matching the filters, newest first: `before`/`after` are id cursors.
 * `userId` null reads everyone's. Its SQL depends on which filters are set, so it is prepared
 * per call; it only ever contains fixed fragments and bound parameters.
 */
export async function listLogRows(q: {
  userId: string | null;
  filters: LogFilters;
  before?: number;
  after?: number;
  limit: number;
  withDetail?: boolean;
}): Promise<RawLogRow[]> {
  const where = filterWhere(q.userId, q.filters);
  // With a search, FTS5 drives the query so its rowid order and highlight() are used directly.
  const idColumn = where.fts ? "log_fts.rowid" : entry("id");
  if (q.before !== undefined) {
    where.clauses.push(`${idColumn} < ?`);
    where.params.push(q.before);
  }
  if (q.after !== undefined) {
    where.clauses.push(`${idColumn} > ?`);
    where.params.push(q.after);
  }
  const select = [q.withDetail ? DETAIL : LIST, ...(where.fts ? [HIGHLIGHT] : [])];
  const from = where.fts ? `log_fts JOIN "LogEntry" e ON ${entry("id")} = log_fts.rowid` : `"LogEntry" e`;
  const whereSql = where.clauses.length ? `WHERE ${where.clauses.join(" AND ")}` : "";
  // The tail reads the oldest entries after its cursor first, so a burst is fetched in order.
  const order = q.after !== undefined && q.before === undefined ? "ASC" : "DESC";
  const statement = await preparedStatement(
    `SELECT ${select.join(", ")} FROM ${from} ${whereSql} ORDER BY ${idColumn} ${order} LIMIT ?`,
  )();
  const params = [...(where.fts ? [MARK_START, MARK_END] : []), ...where.params, q.limit];
  const rows = statement.all(...params) as RawLogRow[];
  return order === "ASC" ? rows.reverse() : rows;
}

export async function getLogRowById(q: Scope & { id: number }): Promise<RawLogRow | null> {
  return ((await entryById()).get(q) as RawLogRow | undefined) ?? null;
}

/** Up to `limit` entries on one side of an id, chronological. */
export async function listLogRowsNextTo(
  q: Scope & { id: number; side: "older" | "newer"; limit: number },
): Promise<RawLogRow[]> {
  const params = { userId: q.userId, id: q.id, limit: q.limit };
  if (q.side === "newer") return (await newerEntries()).all(params) as RawLogRow[];
  return ((await olderEntries()).all(params) as RawLogRow[]).reverse();
}

export async function listLogRowsByCorrelationId(
  q: Scope & { correlationId: string; limit: number },
): Promise<RawLogRow[]> {
  return (await entriesByCorrelationId()).all(q) as RawLogRow[];
}

export async function listLogSubsystemNames(q: Scope): Promise<string[]> {
  return ((await subsystemNames()).all(q) as { subsystem: string }[]).map((r) => r.subsystem);
}

export async function countLogsByLevel(q: Scope): Promise<{ level: string; n: number }[]> {
  return (await countsByLevel()).all(q) as { level: string; n: number }[];
}

const PURGE_CHUNK = 5000;

/**
 * Deletes the entries older than `before` in chunks, so a large purge does not hold the write
 * lock for long (the logger keeps writing meanwhile); the FTS triggers keep log_fts in step.
 */
export async function deleteLogsBefore({ before }: { before: Date }): Promise<number> {
  const params = { before: sqlTime(before), limit: PURGE_CHUNK };
  let deleted = 0;
  for (;;) {
    const { changes } = (await deleteOldEntries()).run(params);
    deleted += changes;
    if (changes < PURGE_CHUNK) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function insertAuditLog(row: {
  actorId: string | null;
  actorLabel: string;
  action: string;
  target: string | null;
  details: string | null;
  correlationId: string | null;
}): Promise<void> {
  await db.auditLog.create({ data: row });
}

/** Newest first; `actionPrefix` matches a whole action or a prefix ("secret."). */
export async function listAuditLogs(q: { actionPrefix?: string; cursor?: string; take: number }) {
  return db.auditLog.findMany({
    where: q.actionPrefix ? { action: { startsWith: q.actionPrefix } } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.take,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
}

export async function listAuditActionNames({ take }: { take: number }): Promise<string[]> {
  const rows = await db.auditLog.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
    take,
  });
  return rows.map((r) => r.action);
}
