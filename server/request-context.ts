import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * Per-request (or per durable step) context carried through async calls, so every log line
 * and audit entry gets the correlation id of the work that caused it without passing it around.
 */
export interface RequestContext {
  correlationId: string;
  userId?: string;
  taskId?: string;
  agentId?: string;
  workflowId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function newCorrelationId(): string {
  return randomUUID();
}

export function runWithContext<T>(ctx: Partial<RequestContext>, fn: () => T): T {
  const parent = storage.getStore();
  const merged: RequestContext = {
    ...parent,
    ...ctx,
    correlationId: ctx.correlationId ?? parent?.correlationId ?? newCorrelationId(),
  };
  return storage.run(merged, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Accepts a caller-supplied correlation id only when it is short and plain. */
export function correlationIdFrom(headers: Headers): string {
  const given = headers.get("x-correlation-id");
  return given && /^[A-Za-z0-9._:-]{8,100}$/.test(given) ? given : newCorrelationId();
}
