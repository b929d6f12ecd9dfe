import type { LogLevel } from "@/lib/log-levels";

/** Rows as the Logs page, the router and the export see them (times as ISO strings). */
export interface LogListEntry {
  id: number;
  time: string;
  level: LogLevel;
  subsystem: string;
  message: string;
  correlationId: string;
  userId: string | null;
  taskId: string | null;
  agentId: string | null;
  workflowId: string | null;
  /** The message with matches wrapped in MARK_START/MARK_END, when the query had a search. */
  highlight: string | null;
}

export interface LogDetail extends LogListEntry {
  data: unknown;
  stack: string | null;
}

export interface RawLogRow {
  id: number;
  time: string;
  level: string;
  subsystem: string;
  message: string;
  correlationId: string;
  userId: string | null;
  taskId: string | null;
  agentId: string | null;
  workflowId: string | null;
  highlight?: string | null;
  data?: string | null;
  stack?: string | null;
}

export function toIso(time: string): string {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? time : d.toISOString();
}

export function toListEntry(row: RawLogRow): LogListEntry {
  return {
    id: row.id,
    time: toIso(row.time),
    level: row.level as LogLevel,
    subsystem: row.subsystem,
    message: row.message,
    correlationId: row.correlationId,
    userId: row.userId,
    taskId: row.taskId,
    agentId: row.agentId,
    workflowId: row.workflowId,
    highlight: row.highlight ?? null,
  };
}

function parseData(data: string | null | undefined): unknown {
  if (!data) return null;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function toDetail(row: RawLogRow): LogDetail {
  return { ...toListEntry(row), data: parseData(row.data), stack: row.stack ?? null };
}
