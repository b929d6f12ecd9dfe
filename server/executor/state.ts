import { matchesExpression } from "./cel";
import type { FunctionDef } from "./functions";
import { ulid } from "./ids";
import { canonicalJson } from "./jcs";
import type { SerializedError } from "./protocol";
import type { JobQueue } from "./queue";
import type { Db, RunRow, WaitRow } from "./store";

/**
 * Run state in SQLite: runs, memoised steps, planned steps, waits, and the event store with
 * trigger matching. Every method is synchronous so callers can group them in one transaction.
 */
export interface InngestEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user?: unknown;
  v?: string;
}

export type EventInput = Omit<InngestEvent, "id" | "ts" | "data"> & {
  id?: string;
  ts?: number;
  data?: Record<string, unknown>;
};

export const ACTIVE = ["queued", "running"] as const;

export class RunState {
  private s;

  constructor(
    readonly db: Db,
    readonly queue: JobQueue,
    readonly functions: Map<string, FunctionDef>,
    private now: () => number,
    private notify: () => void,
  ) {
    this.s = {
      insertEvent: db.prepare(`INSERT OR IGNORE INTO events (id, name, body, received_at) VALUES (?, ?, ?, ?)`),
      insertRun: db.prepare(
        `INSERT OR IGNORE INTO runs (id, function_id, event_id, event, status, parent_run_id, parent_step_id, created_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`,
      ),
      getRun: db.prepare(`SELECT * FROM runs WHERE id = ?`),
      setStarted: db.prepare(
        `UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND status = 'queued'`,
      ),
      setVersion: db.prepare(`UPDATE runs SET version = ? WHERE id = ?`),
      finishRun: db.prepare(`UPDATE runs SET status = ?, output = ?, error = ?, ended_at = ? WHERE id = ?`),
      steps: db.prepare(`SELECT step_id, value FROM steps WHERE run_id = ? ORDER BY seq`),
      hasStep: db.prepare(`SELECT 1 FROM steps WHERE run_id = ? AND step_id = ?`),
      insertStep: db.prepare(
        `INSERT OR IGNORE INTO steps (run_id, step_id, seq, value)
         VALUES (?, ?, (SELECT COUNT(*) FROM steps WHERE run_id = ?), ?)`,
      ),
      addPending: db.prepare(`INSERT OR IGNORE INTO pending (run_id, step_id) VALUES (?, ?)`),
      removePending: db.prepare(`DELETE FROM pending WHERE run_id = ? AND step_id = ?`),
      pendingCount: db.prepare(`SELECT COUNT(*) AS n FROM pending WHERE run_id = ?`),
      addWait: db.prepare(
        `INSERT INTO waits (run_id, step_id, kind, event, expression, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      hasWait: db.prepare(`SELECT 1 FROM waits WHERE run_id = ? AND step_id = ?`),
      waitsFor: db.prepare(`SELECT * FROM waits WHERE event = ? OR event LIKE '%*%'`),
      deleteWait: db.prepare(`DELETE FROM waits WHERE id = ?`),
      deleteStepWaits: db.prepare(`DELETE FROM waits WHERE run_id = ? AND step_id = ?`),
      deleteRunState: db.prepare(`DELETE FROM waits WHERE run_id = ?`),
      deleteRunPending: db.prepare(`DELETE FROM pending WHERE run_id = ?`),
      deleteRunJobs: db.prepare(`DELETE FROM jobs WHERE run_id = ? AND lease_until IS NULL`),
      deleteResume: db.prepare(`DELETE FROM jobs WHERE key = ?`),
      children: db.prepare(`SELECT id FROM runs WHERE parent_run_id = ? AND status IN ('queued', 'running')`),
      childFor: db.prepare(`SELECT 1 FROM runs WHERE parent_run_id = ? AND parent_step_id = ?`),
      isPaused: db.prepare(`SELECT 1 FROM paused WHERE run_id = ?`),
      pause: db.prepare(`INSERT OR IGNORE INTO paused (run_id, paused_at) VALUES (?, ?)`),
      unpause: db.prepare(`DELETE FROM paused WHERE run_id = ?`),
    };
  }

  getRun(id: string): RunRow | undefined {
    return this.s.getRun.get(id) as RunRow | undefined;
  }

  markStarted(id: string): void {
    this.s.setStarted.run(this.now(), id);
  }

  setVersion(id: string, version: number): void {
    this.s.setVersion.run(version, id);
  }

  /** Memoised steps in completion order, as canonical JSON texts. */
  steps(runId: string): { step_id: string; value: string }[] {
    return this.s.steps.all(runId) as { step_id: string; value: string }[];
  }

  hasStep(runId: string, stepId: string): boolean {
    return this.s.hasStep.get(runId, stepId) !== undefined;
  }

  /** Stores a step's result once; false when it was already memoised (a duplicate answer). */
  memoize(runId: string, stepId: string, value: unknown): boolean {
    const added = this.s.insertStep.run(runId, stepId, runId, canonicalJson(value)).changes > 0;
    this.s.removePending.run(runId, stepId);
    return added;
  }

  addPending(runId: string, stepId: string): boolean {
    return this.s.addPending.run(runId, stepId).changes > 0;
  }

  pendingCount(runId: string): number {
    return (this.s.pendingCount.get(runId) as { n: number }).n;
  }

  hasWait(runId: string, stepId: string): boolean {
    return this.s.hasWait.get(runId, stepId) !== undefined;
  }

  addWait(w: Omit<WaitRow, "id" | "created_at">): void {
    this.s.addWait.run(w.run_id, w.step_id, w.kind, w.event, w.expression, w.expires_at, this.now());
  }

  clearStepWait(runId: string, stepId: string): void {
    this.s.deleteStepWaits.run(runId, stepId);
  }

  isPaused(runId: string): boolean {
    return this.s.isPaused.get(runId) !== undefined;
  }

  /** Holds the run's jobs (next step, wake-ups, planned steps) until `unpause`; false if already paused. */
  pause(runId: string): boolean {
    return this.s.pause.run(runId, this.now()).changes > 0;
  }

  unpause(runId: string): boolean {
    const removed = this.s.unpause.run(runId).changes > 0;
    if (removed) this.notify();
    return removed;
  }

  hasChildFor(runId: string, stepId: string): boolean {
    return this.s.childFor.get(runId, stepId) !== undefined;
  }

  enqueueDiscover(run: Pick<RunRow, "id" | "function_id">, at = this.now()): void {
    this.queue.add({
      kind: "call",
      runId: run.id,
      functionId: run.function_id,
      stepId: "step",
      runAt: at,
      key: `discover:${run.id}`,
    });
    this.notify();
  }

  /** Creates a run (once per function and event id) with its cancelOn waits and first call. */
  createRun(fn: FunctionDef, event: InngestEvent, parent?: { runId: string; stepId: string }): string | null {
    const id = ulid(this.now());
    const text = canonicalJson(event);
    const now = this.now();
    const inserted =
      this.s.insertRun.run(id, fn.id, event.id, text, parent?.runId ?? null, parent?.stepId ?? null, now).changes > 0;
    if (!inserted) return null;
    for (const c of fn.cancel) {
      this.addWait({
        run_id: id,
        step_id: null,
        kind: "cancel",
        event: c.event,
        expression: c.expression,
        expires_at: c.timeoutMs === null ? null : now + c.timeoutMs,
      });
    }
    this.enqueueDiscover({ id, function_id: fn.id }, now);
    return id;
  }

  /** Stores events (ignoring ids seen before) and starts, resumes or cancels runs; returns ids. */
  ingest(inputs: EventInput[]): string[] {
    const ids: string[] = [];
    for (const input of inputs) {
      const now = this.now();
      const event: InngestEvent = { ...input, id: input.id || ulid(now), ts: input.ts ?? now, data: input.data ?? {} };
      ids.push(event.id);
      const body = canonicalJson(event);
      if (this.s.insertEvent.run(event.id, event.name, body, now).changes === 0) continue;
      this.trigger(event);
      this.deliver(event);
    }
    return ids;
  }

  private trigger(event: InngestEvent): void {
    for (const fn of this.functions.values()) {
      const hit = fn.eventTriggers.some(
        (t) => t.pattern.test(event.name) && matchesExpression(t.expression, { event }),
      );
      if (hit) this.createRun(fn, event);
    }
  }

  private deliver(event: InngestEvent): void {
    const now = this.now();
    const runEvents = new Map<string, unknown>();
    for (const w of this.s.waitsFor.all(event.name) as WaitRow[]) {
      if (
        w.event !== event.name &&
        !(w.event.includes("*") && new RegExp(`^${w.event.split("*").map(escapeRegExp).join(".*")}$`).test(event.name))
      )
        continue;
      if (w.expires_at !== null && w.expires_at < now) continue;
      if (!runEvents.has(w.run_id)) {
        const run = this.getRun(w.run_id);
        runEvents.set(w.run_id, run ? JSON.parse(run.event) : undefined);
      }
      const runEvent = runEvents.get(w.run_id);
      if (runEvent === undefined) continue;
      if (!matchesExpression(w.expression, { event: runEvent, async: event })) continue;
      const run = this.getRun(w.run_id);
      if (!run || !ACTIVE.includes(run.status as (typeof ACTIVE)[number])) continue;
      if (w.kind === "cancel") {
        this.finish(run, "cancelled", null, { name: "Error", message: "function cancelled" });
        continue;
      }
      this.s.deleteWait.run(w.id);
      this.s.deleteResume.run(`resume:${w.run_id}:${w.step_id}`);
      if (this.memoize(w.run_id, w.step_id!, event)) this.enqueueDiscover(run);
    }
  }

  /** Ends a run, emits the inngest/function.* events, and resumes a parent waiting on invoke. */
  finish(
    run: RunRow,
    status: "completed" | "failed" | "cancelled",
    output: unknown,
    error: SerializedError | null,
  ): void {
    const current = this.getRun(run.id);
    if (!current || !ACTIVE.includes(current.status as (typeof ACTIVE)[number])) return;
    this.s.finishRun.run(
      status,
      output === undefined ? null : canonicalJson(output),
      error ? canonicalJson(error) : null,
      this.now(),
      run.id,
    );
    this.s.deleteRunState.run(run.id);
    this.s.deleteRunPending.run(run.id);
    this.s.deleteRunJobs.run(run.id);
    this.s.unpause.run(run.id);
    const event = JSON.parse(run.event) as InngestEvent;
    const base = { function_id: run.function_id, run_id: run.id, event };
    const internal: EventInput[] = [];
    if (status === "completed")
      internal.push({ name: "inngest/function.finished", data: { ...base, result: output ?? null } });
    if (status === "failed") {
      internal.push({ name: "inngest/function.failed", data: { ...base, error } });
      internal.push({ name: "inngest/function.finished", data: { ...base, error } });
    }
    if (status === "cancelled") {
      internal.push({ name: "inngest/function.cancelled", data: { ...base, error } });
      for (const child of this.s.children.all(run.id) as { id: string }[]) {
        const row = this.getRun(child.id);
        if (row) this.finish(row, "cancelled", null, { name: "Error", message: "function cancelled" });
      }
    }
    if (run.parent_run_id && run.parent_step_id) {
      const parent = this.getRun(run.parent_run_id);
      if (parent && ACTIVE.includes(parent.status as (typeof ACTIVE)[number])) {
        const value =
          status === "completed"
            ? { data: output ?? null }
            : { error: error ?? { name: "Error", message: "The invoked run failed" } };
        this.s.deleteResume.run(`resume:${parent.id}:${run.parent_step_id}`);
        if (this.memoize(parent.id, run.parent_step_id, value)) this.enqueueDiscover(parent);
      }
    }
    this.ingest(internal);
  }
}

function escapeRegExp(part: string): string {
  return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
