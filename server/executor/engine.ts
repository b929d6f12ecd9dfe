import { randomUUID } from "node:crypto";
import { nextCronTime, type CronSchedule } from "./cron";
import { resolveTime } from "./duration";
import { canonicalJson } from "./jcs";
import { callApp, opSchema, toSerializedError, type AppTarget, type CallOutcome, type Op } from "./protocol";
import { ACTIVE, type InngestEvent, type RunState } from "./state";
import type { JobRow, RunRow } from "./store";

/**
 * The run state machine: one leased job at a time becomes call requests to the app, and each
 * answer (return value, ops, error) is applied to the run's state in one transaction.
 */
export interface EngineOptions {
  app: AppTarget;
  /** Lets the SDK run consecutive steps in one request and checkpoint them (design note §2.7). */
  checkpointing: boolean;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxStepOutputBytes: number;
  log: (level: "info" | "warn" | "error", message: string, data?: Record<string, unknown>) => void;
}

type Next = "discover" | null;

const INVOKE_TIMEOUT_ERROR = {
  name: "InngestInvokeTimeoutError",
  message: "Timed out waiting for the invoked function to complete",
};

export class Engine {
  /** Runs with a discovery call in flight; a second discovery waits for the first (no step runs twice). */
  private discovering = new Set<string>();
  private rediscover = new Set<string>();
  /** Runs whose in-flight request was told to stop (409) at a checkpoint; its answer is moot. */
  private halted = new Set<string>();
  /** The queue-item id of each run's request in flight: checkpoints from any other are stale. */
  private current = new Map<string, string>();

  constructor(
    private state: RunState,
    private opts: EngineOptions,
    private now: () => number,
  ) {}

  private backoff(attempt: number): number {
    return Math.min(this.opts.backoffBaseMs * 2 ** attempt, this.opts.backoffMaxMs);
  }

  private active(run: RunRow | undefined): run is RunRow {
    return !!run && ACTIVE.includes(run.status as (typeof ACTIVE)[number]);
  }

  async execute(job: JobRow): Promise<void> {
    if (job.kind === "cron") return this.fireCron(job);
    const run = job.run_id ? this.state.getRun(job.run_id) : undefined;
    if (!this.active(run)) return this.state.queue.done(job.id);
    if (!this.state.functions.has(run.function_id)) {
      this.state.db.transaction(() => {
        this.state.queue.done(job.id);
        this.state.finish(run, "failed", null, {
          name: "FunctionNotFoundError",
          message: `The app no longer has the function "${run.function_id}" (it was removed before this run finished).`,
        });
      })();
      return;
    }
    if (job.kind === "resume") {
      const resumed = this.state.db.transaction(() => {
        this.state.queue.done(job.id);
        this.state.clearStepWait(run.id, job.step_id!);
        return this.state.memoize(run.id, job.step_id!, job.payload === null ? null : JSON.parse(job.payload));
      })();
      if (resumed) this.state.enqueueDiscover(run);
      return;
    }
    if (job.step_id === "step") {
      if (this.discovering.has(run.id)) {
        this.rediscover.add(run.id);
        return this.state.queue.done(job.id);
      }
      if (this.state.pendingCount(run.id) > 0) return this.state.queue.done(job.id);
      this.discovering.add(run.id);
      try {
        await this.loop(run.id, job, "step", job.attempt);
      } finally {
        this.discovering.delete(run.id);
        if (this.rediscover.delete(run.id)) this.state.enqueueDiscover(run);
      }
      return;
    }
    await this.loop(run.id, job, job.step_id!, job.attempt);
  }

  private async loop(runId: string, job: JobRow, firstStep: string, firstAttempt: number): Promise<void> {
    const stepId = firstStep;
    let attempt = firstAttempt;
    let jobOpen = true;
    for (;;) {
      const run = this.state.getRun(runId);
      if (!this.active(run)) break;
      if (this.state.isPaused(runId)) {
        // Paused between steps: the call this job would make waits, as a held job, for resume.
        this.state.db.transaction(() => {
          if (jobOpen) this.state.queue.done(job.id);
          jobOpen = false;
          if (stepId === "step") this.state.enqueueDiscover(run);
          else
            this.state.queue.add({
              kind: "call",
              runId,
              functionId: run.function_id,
              stepId,
              attempt,
              failures: job.failures,
              runAt: this.now(),
            });
        })();
        break;
      }
      this.state.markStarted(runId);
      const outcome = await this.call(run, stepId, attempt);
      const next = this.state.db.transaction((): Next => {
        if (jobOpen) this.state.queue.done(job.id);
        jobOpen = false;
        const fresh = this.state.getRun(runId);
        if (!this.active(fresh)) return null;
        if (this.halted.delete(runId)) return "discover";
        return this.apply(fresh, job, stepId, attempt, outcome);
      })();
      if (next !== "discover") break;
      if (stepId !== "step") {
        const fresh = this.state.getRun(runId);
        if (fresh) this.state.enqueueDiscover(fresh);
        break;
      }
      attempt = 0;
    }
    if (jobOpen) this.state.queue.done(job.id);
  }

  private async call(run: RunRow, stepId: string, attempt: number): Promise<CallOutcome> {
    const fn = this.state.functions.get(run.function_id);
    const maxAttempts = fn?.maxAttempts ?? 4;
    const steps = this.state.steps(run.id);
    const ctx = {
      run_id: run.id,
      attempt,
      max_attempts: maxAttempts,
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack: steps.map((s) => s.step_id), current: steps.length },
    };
    const qi = this.opts.checkpointing && stepId === "step" ? randomUUID() : null;
    if (qi) Object.assign(ctx, { fn_id: run.function_id, qi_id: qi });
    // The memoised values are stored canonical; sorting their keys keeps the whole body canonical.
    const memo = [...steps]
      .sort((a, b) => (a.step_id < b.step_id ? -1 : a.step_id > b.step_id ? 1 : 0))
      .map((s) => `${JSON.stringify(s.step_id)}:${s.value}`)
      .join(",");
    const body = `{"ctx":${canonicalJson(ctx)},"event":${run.event},"events":[${run.event}],"steps":{${memo}},"version":${run.version}}`;
    const headers: Record<string, string> = { "x-request-id": randomUUID() };
    if (run.version >= 0) headers["x-inngest-req-version"] = String(run.version);
    if (!qi) return callApp(this.opts.app, run.function_id, stepId, body, headers);
    this.current.set(run.id, qi);
    try {
      return await callApp(this.opts.app, run.function_id, stepId, body, headers);
    } finally {
      if (this.current.get(run.id) === qi) this.current.delete(run.id);
    }
  }

  private apply(run: RunRow, job: JobRow, stepId: string, attempt: number, outcome: CallOutcome): Next {
    const fn = this.state.functions.get(run.function_id);
    const maxAttempts = fn?.maxAttempts ?? 4;
    if (outcome.kind !== "unreachable" && outcome.version !== null && outcome.version !== run.version) {
      this.state.setVersion(run.id, outcome.version);
    }
    switch (outcome.kind) {
      case "unreachable": {
        const failures = job.failures + 1;
        const delay = Math.min(this.opts.backoffBaseMs * 2 ** Math.min(failures, 10), 30_000);
        this.opts.log("warn", "app unreachable, call retried", {
          runId: run.id,
          reason: outcome.reason,
          retryInMs: delay,
        });
        this.state.queue.add({
          kind: "call",
          runId: run.id,
          functionId: run.function_id,
          stepId,
          attempt,
          failures,
          runAt: this.now() + delay,
        });
        return null;
      }
      case "complete":
        this.state.finish(run, "completed", outcome.output, null);
        return null;
      case "error":
        if (outcome.retriable && attempt + 1 < maxAttempts) {
          this.retry(run, stepId, attempt, outcome.retryAt);
          return null;
        }
        this.state.finish(run, "failed", null, outcome.error);
        return null;
      case "ops":
        return this.applyOps(run, stepId, attempt, maxAttempts, outcome.ops, outcome.retryAt);
    }
  }

  private retry(run: RunRow, stepId: string, attempt: number, retryAt: number | null): void {
    const at = retryAt ?? this.now() + this.backoff(attempt);
    this.state.queue.add({
      kind: "call",
      runId: run.id,
      functionId: run.function_id,
      stepId,
      attempt: attempt + 1,
      runAt: at,
    });
  }

  private applyOps(
    run: RunRow,
    stepId: string,
    attempt: number,
    maxAttempts: number,
    ops: Op[],
    retryAt: number | null,
  ): Next {
    let progressed = false;
    const now = this.now();
    for (const op of ops) {
      if (this.state.hasStep(run.id, op.id)) continue;
      switch (op.op) {
        case "StepRun":
        case "Step":
          progressed = this.memoizeRan(run.id, op) !== false || progressed;
          break;
        case "DiscoveryRequest":
          progressed = true;
          break;
        case "StepError":
          if (attempt + 1 < maxAttempts) {
            this.retry(run, stepId, attempt, retryAt);
            return null;
          }
          progressed = this.state.memoize(run.id, op.id, { error: toSerializedError(op.error) }) || progressed;
          break;
        case "StepFailed":
          progressed = this.state.memoize(run.id, op.id, { error: toSerializedError(op.error) }) || progressed;
          break;
        case "StepPlanned":
          if (this.state.addPending(run.id, op.id)) {
            this.state.queue.add({
              kind: "call",
              runId: run.id,
              functionId: run.function_id,
              stepId: op.id,
              runAt: now,
            });
          }
          break;
        case "Sleep": {
          const until = resolveTime(String(op.opts?.duration ?? op.name ?? ""), now);
          if (until === null)
            return this.protocolFailure(run, `The sleep "${op.name}" has no duration the executor understands.`);
          this.resumeAt(run, op.id, until, null);
          break;
        }
        case "WaitForEvent": {
          if (this.state.hasWait(run.id, op.id)) break;
          const timeout = typeof op.opts?.timeout === "string" ? resolveTime(op.opts.timeout, now) : null;
          const expr = typeof op.opts?.if === "string" ? op.opts.if : null;
          this.state.addWait({
            run_id: run.id,
            step_id: op.id,
            kind: "event",
            event: String(op.opts?.event ?? op.name),
            expression: expr,
            expires_at: timeout,
          });
          if (timeout !== null) this.resumeAt(run, op.id, timeout, null);
          break;
        }
        case "InvokeFunction":
          progressed = this.invoke(run, op, now) || progressed;
          break;
        case "RunComplete":
          this.state.finish(run, "completed", op.data ?? null, null);
          return null;
        default:
          return this.protocolFailure(
            run,
            `The SDK asked for "${op.op}", which the embedded executor does not support.`,
          );
      }
    }
    return progressed && this.state.pendingCount(run.id) === 0 ? "discover" : null;
  }

  /** Memoises a step's result, or an error when it is over the size limit (then returns "too-large"). */
  private memoizeRan(runId: string, op: Pick<Op, "id" | "data" | "name" | "displayName">): boolean | "too-large" {
    const size = Buffer.byteLength(canonicalJson(op.data ?? null));
    if (size > this.opts.maxStepOutputBytes) {
      const message = `The step "${op.displayName ?? op.name ?? op.id}" returned ${(size / 1048576).toFixed(1)} MB; the limit is ${(this.opts.maxStepOutputBytes / 1048576).toFixed(0)} MB.`;
      this.state.memoize(runId, op.id, { error: { name: "OutputTooLargeError", message } });
      return "too-large";
    }
    return this.state.memoize(runId, op.id, { data: op.data ?? null });
  }

  /**
   * Steps the SDK ran in-process during a checkpointing request. They are memoised at once, so a
   * crash later in the same request does not run them again. 409 tells the SDK to stop.
   */
  checkpoint(runId: string, queueItemId: string | undefined, steps: unknown[]): number {
    return this.state.db.transaction(() => {
      const run = this.state.getRun(runId);
      // A request from before a restart (or otherwise superseded) must stop: its run goes on elsewhere.
      if (!this.active(run) || !queueItemId || this.current.get(runId) !== queueItemId) return 409;
      for (const raw of steps) {
        const op = opSchema.safeParse(raw);
        if (!op.success) continue;
        if ((op.data.op === "StepRun" || op.data.op === "Step") && this.memoizeRan(runId, op.data) === "too-large") {
          // The SDK already carries on with the real value: stop it, and rediscover with the error.
          this.halted.add(runId);
          return 409;
        }
      }
      // Paused: the step that just ended is kept; the SDK must not start the next one.
      if (this.state.isPaused(runId)) {
        this.halted.add(runId);
        return 409;
      }
      return 200;
    })();
  }

  private resumeAt(run: RunRow, stepId: string, at: number, payload: unknown): void {
    this.state.queue.add({
      kind: "resume",
      runId: run.id,
      functionId: run.function_id,
      stepId,
      payload,
      runAt: at,
      key: `resume:${run.id}:${stepId}`,
    });
  }

  private invoke(run: RunRow, op: Op, now: number): boolean {
    if (this.state.hasChildFor(run.id, op.id)) return false;
    const functionId = String(op.opts?.function_id ?? "");
    const target = this.state.functions.get(functionId);
    if (!target) {
      return this.state.memoize(run.id, op.id, {
        error: { name: "Error", message: `Cannot invoke "${functionId}": no such function is registered.` },
      });
    }
    const payload = (op.opts?.payload ?? {}) as { data?: Record<string, unknown>; v?: string };
    const event: InngestEvent = {
      id: `invoke-${run.id}-${op.id}`,
      name: "inngest/function.invoked",
      data: { ...(payload.data ?? {}), _inngest: { fn_id: run.function_id, correlation_id: `${run.id}.${op.id}` } },
      ts: now,
      ...(payload.v ? { v: payload.v } : {}),
    };
    this.state.createRun(target, event, { runId: run.id, stepId: op.id });
    const timeout = typeof op.opts?.timeout === "string" ? resolveTime(op.opts.timeout, now) : null;
    if (timeout !== null) this.resumeAt(run, op.id, timeout, { error: INVOKE_TIMEOUT_ERROR });
    return false;
  }

  private protocolFailure(run: RunRow, message: string): null {
    this.opts.log("error", message, { runId: run.id, functionId: run.function_id });
    this.state.finish(run, "failed", null, { name: "ProtocolError", message });
    return null;
  }

  private fireCron(job: JobRow): void {
    this.state.db.transaction(() => {
      this.state.queue.done(job.id);
      const fn = this.state.functions.get(job.function_id);
      const source = job.payload ? (JSON.parse(job.payload) as string) : "";
      const schedule = fn?.crons.find((c) => c.source === source);
      if (!fn || !schedule) return;
      this.state.createRun(fn, {
        id: `cron-${fn.id}-${job.run_at}`,
        name: "inngest/scheduled.timer",
        data: { cron: source },
        ts: job.run_at,
      });
      scheduleCron(this.state, fn.id, source, schedule, Math.max(this.now(), job.run_at));
    })();
  }
}

export function scheduleCron(
  state: RunState,
  functionId: string,
  source: string,
  schedule: CronSchedule,
  after: number,
): void {
  state.queue.add({
    kind: "cron",
    runId: null,
    functionId,
    payload: source,
    runAt: nextCronTime(schedule, after),
    key: `cron:${functionId}:${source}`,
  });
}
