import { Middleware, NonRetriableError } from "inngest";
import { logger } from "@/server/logger";
import { runWithContext } from "@/server/request-context";
import { LEDGER_FINALIZE_FUNCTION, LEDGER_PARENT_KEY } from "@/lib/tasks/constants";
import { errorText } from "@/server/tasks/json";
import {
  isCancelRequested,
  type LedgerTask,
  openRun,
  runCompleted,
  runErrored,
  type StepRef,
  stepFinished,
  stepStarted,
  stepsResolved,
  stepWaiting,
} from "@/server/tasks/ledger";

/** Step kinds that pause the run until the backend calls again. */
const WAITING_KINDS = new Set(["sleep", "waitForEvent", "invoke", "waitForSignal"]);

type Ctx = Middleware.OnRunStartArgs["ctx"];
type Fn = Middleware.OnRunStartArgs["fn"];
type StepInfo = Middleware.StepInfo | Middleware.OnStepStartArgs["stepInfo"];

function stepRef(info: StepInfo): StepRef {
  return { stepId: info.hashedId, name: info.options.name ?? info.options.id, type: String(info.stepType) };
}

/** Ledger trouble is logged, never allowed to fail the user's run. */
async function safely<T>(what: string, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    logger.error("tasks", `Task ledger could not ${what}`, {
      error: err instanceof Error ? err : new Error(String(err)),
    });
    return null;
  }
}

/**
 * Records every run and step of every function in the Task ledger, on whichever backend runs it
 * (the embedded executor or a real Inngest server), because it lives in the SDK, not the backend.
 * The SDK makes a fresh instance per request and replays the handler each time, so every write is
 * keyed by run id + hashed step id (server/tasks/ledger.ts). It also stops a cancelled task's run
 * at the next step boundary, and gives step code a context (task id, owner) for logs and progress.
 */
const UNRECORDED_FUNCTIONS = new Set([LEDGER_FINALIZE_FUNCTION, "automation-scheduler", "automation-event-jobs"]);

export class TaskLedgerMiddleware extends Middleware.BaseMiddleware {
  readonly id = "task-ledger";
  private task: Promise<LedgerTask | null> = Promise.resolve(null);
  private memo: Middleware.TransformFunctionInputArgs["steps"] = {};
  private readonly started = new Map<string, Date>();

  transformFunctionInput(arg: Middleware.TransformFunctionInputArgs): Middleware.TransformFunctionInputArgs {
    this.memo = arg.steps;
    const { ctx, fn } = arg;
    // Bookkeeping functions would only flood the ledger (the scheduler ticks every minute, the
    // event dispatcher sees every app event); the work they start is recorded as its own tasks.
    if (UNRECORDED_FUNCTIONS.has(fn.id())) return arg;
    this.task = safely("open the run", () => openRun(runInfo(ctx, fn)));
    return arg;
  }

  async onMemoizationEnd(): Promise<void> {
    const task = await this.task;
    if (!task) return;
    const ok: string[] = [];
    const failed: string[] = [];
    for (const [id, step] of Object.entries(this.memo)) (step.type === "error" ? failed : ok).push(id);
    await safely("record resolved steps", () => stepsResolved(task, { ok, failed }));
  }

  async wrapFunctionHandler({ next }: Middleware.WrapFunctionHandlerArgs): Promise<unknown> {
    const task = await this.task;
    if (!task) return next();
    if (task.cancelRequested) throw new NonRetriableError("The task was cancelled.");
    return runWithContext({ taskId: task.id, ...(task.ownerId ? { userId: task.ownerId } : {}) }, () => next());
  }

  /**
   * Called for every step the handler reaches, fresh or memoised. A fresh sleep, wait or invoke
   * has no handler to wrap (the SDK reports it straight away), so it is recorded here.
   */
  async transformStepInput(arg: Middleware.TransformStepInputArgs): Promise<Middleware.TransformStepInputArgs> {
    const { stepInfo } = arg;
    const kind = String(stepInfo.stepType);
    if (stepInfo.memoized || !WAITING_KINDS.has(kind)) return arg;
    const task = await this.task;
    if (!task) return arg;
    const ref = { stepId: stepInfo.hashedId, name: arg.stepOptions.name ?? arg.stepOptions.id, type: kind };
    await safely("record a waiting step", () => stepWaiting(task, ref));
    const opts = arg.input[0] as { payload?: { data?: Record<string, unknown> } } | undefined;
    if (kind !== "invoke" || !opts?.payload) return arg;
    // The child run's task links back to this one (and inherits its owner).
    const payload = { ...opts.payload, data: { ...opts.payload.data, [LEDGER_PARENT_KEY]: task.id } };
    return { ...arg, input: [{ ...opts, payload }, ...arg.input.slice(1)] };
  }

  async onStepStart({ ctx, stepInfo }: Middleware.OnStepStartArgs): Promise<void> {
    const task = await this.task;
    if (!task) return;
    const at = new Date();
    this.started.set(stepInfo.hashedId, at);
    await safely("record a step start", () => stepStarted(task, stepRef(stepInfo), ctx.attempt, at));
  }

  async wrapStepHandler({ next }: Middleware.WrapStepHandlerArgs): Promise<unknown> {
    const task = await this.task;
    if (!task) return next();
    if (await safely("check for cancellation", () => isCancelRequested(task.id))) {
      throw new NonRetriableError("The task was cancelled.");
    }
    return runWithContext({ taskId: task.id, ...(task.ownerId ? { userId: task.ownerId } : {}) }, () => next());
  }

  async onStepComplete({ stepInfo }: Middleware.OnStepCompleteArgs): Promise<void> {
    const task = await this.task;
    if (!task) return;
    const ref = stepRef(stepInfo);
    await safely("record a step result", () =>
      stepFinished(task, ref.stepId, { ok: true }, this.started.get(ref.stepId)),
    );
    logger.info("tasks", `Step "${ref.name}" succeeded`, undefined, ids(task));
  }

  async onStepError({ stepInfo, error, isFinalAttempt }: Middleware.OnStepErrorArgs): Promise<void> {
    const task = await this.task;
    if (!task) return;
    const ref = stepRef(stepInfo);
    await safely("record a step error", () =>
      stepFinished(task, ref.stepId, { ok: false, error, final: isFinalAttempt }, this.started.get(ref.stepId)),
    );
    const message = `Step "${ref.name}" failed${isFinalAttempt ? "" : " (will retry)"}: ${errorText(error)}`;
    logger.log(isFinalAttempt ? "ERROR" : "WARNING", "tasks", message, undefined, ids(task));
  }

  async onRunComplete({ output }: Middleware.OnRunCompleteArgs): Promise<void> {
    const task = await this.task;
    if (!task) return;
    await safely("record the run's result", () => runCompleted(task, output));
    logger.info("tasks", "Run succeeded", undefined, ids(task));
  }

  async onRunError({ ctx, error, isFinalAttempt }: Middleware.OnRunErrorArgs): Promise<void> {
    const task = await this.task;
    if (!task) return;
    await safely("record the run's error", () => runErrored(task, error, isFinalAttempt, ctx.attempt));
    const message = `Run failed${isFinalAttempt ? "" : " (will retry)"}: ${errorText(error)}`;
    logger.log(isFinalAttempt ? "ERROR" : "WARNING", "tasks", message, undefined, ids(task));
  }
}

function ids(task: LedgerTask) {
  return { taskId: task.id, ...(task.ownerId ? { userId: task.ownerId } : {}) };
}

function runInfo(ctx: Ctx, fn: Fn) {
  const event = ctx.event as { name: string; id?: string; data?: Record<string, unknown> };
  return {
    runId: ctx.runId,
    functionId: fn.id(),
    functionName: fn.name || fn.id(),
    eventName: event.name,
    eventId: event.id,
    eventData: event.data && typeof event.data === "object" ? { ...event.data } : {},
    attempt: ctx.attempt,
  };
}
