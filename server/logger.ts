import { env } from "@/server/env";
import { type LogLevel, levelNo } from "@/lib/log-levels";
import { redact, redactString } from "@/lib/redact";
import { eventBus } from "@/server/events";
import { insertLogEntries } from "@/server/logs/store";
import { currentContext, newCorrelationId } from "@/server/request-context";

/**
 * The one logger. Each entry goes to stdout as a JSON line and, batched, into the LogEntry table
 * (FTS5-indexed for the Logs page), then out on the event bus for the live tail. Everything is
 * redacted before it is written anywhere. The correlation id and task/agent/workflow ids come
 * from the AsyncLocalStorage context of the request or durable step.
 */
export interface LogIds {
  userId?: string;
  taskId?: string;
  agentId?: string;
  workflowId?: string;
  correlationId?: string;
}

interface PendingEntry {
  time: Date;
  level: LogLevel;
  subsystem: string;
  message: string;
  correlationId: string;
  ids: LogIds;
  data: string | null;
  stack: string | null;
}

const FLUSH_EVERY_MS = 200;
const FLUSH_AT = 200;
const MAX_PENDING = 20_000;

let minLevel: number = levelNo[env.LOG_LEVEL ?? "INFO"];
let pending: PendingEntry[] = [];
let timer: NodeJS.Timeout | null = null;
let flushing: Promise<void> | null = null;

/** The System settings' log level applies from the next entry (LOG_LEVEL in the environment wins). */
export function setMinLogLevel(level: LogLevel): void {
  if (!env.LOG_LEVEL) minLevel = levelNo[level];
}

function errorParts(data: Record<string, unknown> | undefined) {
  const err = data?.error;
  if (!(err instanceof Error)) return { data, stack: null };
  const { error: _omit, ...rest } = data!;
  return {
    data: { ...rest, error: `${err.name}: ${err.message}` },
    stack: err.stack ? redactString(err.stack) : null,
  };
}

function write(level: LogLevel, subsystem: string, message: string, data?: Record<string, unknown>, ids: LogIds = {}) {
  if (levelNo[level] < minLevel) return;
  const ctx = currentContext();
  const parts = errorParts(data);
  const safeData = parts.data && Object.keys(parts.data).length > 0 ? redact(parts.data) : undefined;
  const entry: PendingEntry = {
    time: new Date(),
    level,
    subsystem,
    message: redactString(message),
    correlationId: ids.correlationId ?? ctx?.correlationId ?? newCorrelationId(),
    ids: {
      userId: ids.userId ?? ctx?.userId,
      taskId: ids.taskId ?? ctx?.taskId,
      agentId: ids.agentId ?? ctx?.agentId,
      workflowId: ids.workflowId ?? ctx?.workflowId,
    },
    data: safeData ? JSON.stringify(safeData) : null,
    stack: parts.stack,
  };
  if (env.LOG_STDOUT === "1") {
    process.stdout.write(
      `${JSON.stringify({
        time: entry.time.toISOString(),
        level,
        subsystem,
        message: entry.message,
        correlationId: entry.correlationId,
        ...entry.ids,
        ...(safeData ? { data: safeData } : {}),
        ...(entry.stack ? { stack: entry.stack } : {}),
      })}\n`,
    );
  }
  if (pending.length >= MAX_PENDING) pending.shift();
  pending.push(entry);
  if (pending.length >= FLUSH_AT) void flushLogs();
  else timer ??= setTimeout(() => void flushLogs(), FLUSH_EVERY_MS);
}

async function insert(batch: PendingEntry[]): Promise<void> {
  const ids = await insertLogEntries(
    batch.map((e) => ({
      time: e.time,
      level: e.level,
      levelNo: levelNo[e.level],
      subsystem: e.subsystem,
      message: e.message,
      correlationId: e.correlationId,
      userId: e.ids.userId ?? null,
      taskId: e.ids.taskId ?? null,
      agentId: e.ids.agentId ?? null,
      workflowId: e.ids.workflowId ?? null,
      data: e.data,
      stack: e.stack,
    })),
  );
  for (const [i, e] of batch.entries()) {
    eventBus.publish(
      "logs",
      {
        id: ids[i]!,
        time: e.time.toISOString(),
        level: e.level,
        subsystem: e.subsystem,
        message: e.message,
        correlationId: e.correlationId,
      },
      { userId: e.ids.userId },
    );
  }
}

/** Writes what is pending; resolves when it is in the database. Called on shutdown too. */
export async function flushLogs(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  while (flushing) await flushing;
  if (pending.length === 0) return;
  const batch = pending;
  pending = [];
  flushing = insert(batch)
    .catch((err: unknown) => {
      process.stderr.write(`logger: could not store ${batch.length} entries: ${redactString(String(err))}\n`);
    })
    .finally(() => {
      flushing = null;
    });
  await flushing;
}

export const logger = {
  debug: (subsystem: string, message: string, data?: Record<string, unknown>, ids?: LogIds) =>
    write("DEBUG", subsystem, message, data, ids),
  info: (subsystem: string, message: string, data?: Record<string, unknown>, ids?: LogIds) =>
    write("INFO", subsystem, message, data, ids),
  warn: (subsystem: string, message: string, data?: Record<string, unknown>, ids?: LogIds) =>
    write("WARNING", subsystem, message, data, ids),
  error: (subsystem: string, message: string, data?: Record<string, unknown>, ids?: LogIds) =>
    write("ERROR", subsystem, message, data, ids),
  critical: (subsystem: string, message: string, data?: Record<string, unknown>, ids?: LogIds) =>
    write("CRITICAL", subsystem, message, data, ids),
  log: write,
};
