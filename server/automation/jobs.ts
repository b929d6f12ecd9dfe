import { AppError, NotFoundError } from "@/lib/errors";
import { isUniqueViolation } from "@/server/db/errors";
import { compileExpression, ExpressionError } from "@/server/executor/cel";
import { CronError } from "@/server/executor/cron";
import { type JobInput, jobInputSchema, normalisedParams, type ParsedJobInput } from "@/lib/automation/job-schema";
import { type JobView, toColumns, toView } from "@/server/automation/job-row";
import { nextRunAfter } from "@/server/automation/schedule";
import { syncOutcomes } from "@/server/automation/outcomes";
import {
  deleteJobById,
  getJobById,
  insertJob,
  listJobDependencies,
  listJobNamesByIds,
  listJobNamesByPrefix,
  listJobsByOwner,
  updateJobById,
} from "@/server/automation/store/jobs";
import { findVisibleAgent } from "@/server/agents/access";

export interface JobActor {
  id: string;
  role: "admin" | "user";
}

/** Admins see and manage every job (undefined: no owner filter); a user only the agent jobs they own. */
export function jobOwnerScope(actor: JobActor): string | undefined {
  return actor.role === "admin" ? undefined : actor.id;
}

/** Another user's job is "not found": job ids of other people stay private. */
export async function getJobRowOrThrow(actor: JobActor, id: string) {
  const row = await getJobById({ id, ownerId: jobOwnerScope(actor) });
  if (!row) throw new NotFoundError("That job");
  return row;
}

function assertMayWrite(actor: JobActor, job: { type: string; system?: boolean }) {
  if (actor.role === "admin") return;
  if (job.type !== "agent")
    throw new AppError(
      "FORBIDDEN",
      "Only an administrator can create or change built-in jobs; you can schedule agent jobs.",
    );
}

/** zod input plus the checks that need the cron parser, the expression compiler or the database. */
export function parseJobInput(input: unknown): { input: ParsedJobInput; params: Record<string, unknown> } {
  const parsed = jobInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError("BAD_REQUEST", `${where}${issue.message}`);
  }
  const job = parsed.data;
  try {
    if (job.trigger.type === "cron") nextRunAfter(job.trigger, new Date());
    if (job.trigger.type === "event" && job.trigger.filter) compileExpression(job.trigger.filter);
  } catch (err) {
    if (err instanceof CronError || err instanceof ExpressionError) throw new AppError("BAD_REQUEST", err.message);
    throw err;
  }
  return { input: job, params: normalisedParams(job) };
}

/**
 * An agent job runs its agent as the job's owner: the agent must be one the owner may use, checked
 * with the same rule as the Agents page (issue 22, finding 3: a job carrying another user's agent
 * id ran that agent with its private prompt). "Not found" either way, so ids leak nothing.
 */
async function checkAgent(actor: JobActor, params: Record<string, unknown>): Promise<void> {
  if (typeof params.agentId !== "string") return;
  await findVisibleAgent({ id: actor.id, role: actor.role, email: "" }, params.agentId);
}

async function checkDependencies(actor: JobActor, selfId: string | null, dependsOn: string[]): Promise<void> {
  if (dependsOn.length === 0) return;
  if (selfId && dependsOn.includes(selfId)) throw new AppError("BAD_REQUEST", "A job cannot depend on itself.");
  const found = await listJobNamesByIds({ ids: dependsOn, ownerId: jobOwnerScope(actor) });
  if (found.length !== new Set(dependsOn).size)
    throw new AppError("BAD_REQUEST", "A job this one depends on does not exist (or is not yours).");
  if (!selfId) return;
  // A cycle would make every job in it wait for the others forever.
  const all = await listJobDependencies();
  const edges = new Map(all.map((j) => [j.id, (JSON.parse(j.dependsOn) as string[]) ?? []]));
  edges.set(selfId, dependsOn);
  const seen = new Set<string>();
  const stack = [...dependsOn];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === selfId)
      throw new AppError("BAD_REQUEST", "These dependencies would form a cycle: a job would wait for itself.");
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(edges.get(id) ?? []));
  }
}

function uniqueName<T>(name: string, work: Promise<T>): Promise<T> {
  return work.catch((err: unknown) => {
    if (isUniqueViolation(err))
      throw new AppError("CONFLICT", `A job named "${name}" already exists: choose another name.`);
    throw err;
  });
}

/** Validates and authorises a new job; returns the row to write (createJob and import write it). */
export async function prepareJob(
  raw: unknown,
  actor: JobActor,
  opts: { system?: boolean; now?: Date; skipDependencyCheck?: boolean } = {},
) {
  const { input, params } = parseJobInput(raw);
  assertMayWrite(actor, input);
  await checkAgent(actor, params);
  if (!opts.skipDependencyCheck) await checkDependencies(actor, null, input.dependsOn);
  const now = opts.now ?? new Date();
  return {
    name: input.name,
    data: {
      ...toColumns(input, params),
      system: opts.system ?? false,
      ownerId: opts.system ? null : actor.id,
      nextRunAt: input.enabled ? nextRunAfter(input.trigger, now) : null,
    },
  };
}

/** Creates a job (validated with zod); agent jobs carry params `{ prompt, agentId?, modelId? }`. */
export async function createJob(
  raw: JobInput | unknown,
  actor: JobActor,
  opts: { system?: boolean; now?: Date } = {},
): Promise<JobView> {
  const { name, data } = await prepareJob(raw, actor, opts);
  return toView(await uniqueName(name, insertJob(data)));
}

export async function updateJob(id: string, raw: unknown, actor: JobActor, now = new Date()): Promise<JobView> {
  const existing = await getJobRowOrThrow(actor, id);
  const { input, params } = parseJobInput(raw);
  assertMayWrite(actor, existing);
  assertMayWrite(actor, input);
  if (
    existing.system &&
    (input.name !== existing.name || input.type !== existing.type || input.builtinKey !== existing.builtinKey)
  ) {
    throw new AppError(
      "BAD_REQUEST",
      "A built-in job keeps its name and kind; you can change its schedule and parameters.",
    );
  }
  await checkAgent(actor, params);
  await checkDependencies(actor, id, input.dependsOn);
  const columns = toColumns(input, params);
  const scheduleChanged =
    columns.triggerType !== existing.triggerType ||
    columns.cron !== existing.cron ||
    columns.timeZone !== existing.timeZone ||
    columns.intervalSeconds !== existing.intervalSeconds ||
    columns.enabled !== existing.enabled;
  const nextRunAt = !input.enabled
    ? null
    : scheduleChanged || !existing.nextRunAt
      ? nextRunAfter(input.trigger, now)
      : existing.nextRunAt;
  const row = await uniqueName(input.name, updateJobById({ id, data: { ...columns, nextRunAt } }));
  return toView(row);
}

export async function setJobEnabled(id: string, enabled: boolean, actor: JobActor, now = new Date()): Promise<JobView> {
  const existing = await getJobRowOrThrow(actor, id);
  assertMayWrite(actor, existing);
  const trigger = toView(existing).trigger;
  const row = await updateJobById({ id, data: { enabled, nextRunAt: enabled ? nextRunAfter(trigger, now) : null } });
  return toView(row);
}

export async function deleteJob(id: string, actor: JobActor): Promise<{ deleted: string }> {
  const existing = await getJobRowOrThrow(actor, id);
  assertMayWrite(actor, existing);
  if (existing.system) throw new AppError("BAD_REQUEST", "Built-in jobs cannot be deleted; disable it instead.");
  const dependents = (await listJobDependencies()).filter((j) => (JSON.parse(j.dependsOn) as string[]).includes(id));
  if (dependents.length > 0) {
    throw new AppError(
      "CONFLICT",
      `Other jobs depend on this one (${dependents.map((d) => d.name).join(", ")}): remove the dependency first.`,
    );
  }
  await deleteJobById({ id });
  return { deleted: existing.name };
}

/** A copy named "<name> (copy)", "<name> (copy 2)"…, disabled so it does not run twice by surprise. */
export async function duplicateJob(id: string, actor: JobActor): Promise<JobView> {
  const source = toView(await getJobRowOrThrow(actor, id));
  const names = new Set(await listJobNamesByPrefix({ prefix: source.name.slice(0, 60) }));
  const base = `${source.name.slice(0, 70)} (copy`;
  let name = `${base})`;
  for (let n = 2; names.has(name); n++) name = `${base} ${n})`;
  return createJob(
    {
      name,
      description: source.description,
      type: source.type,
      ...(source.builtinKey ? { builtinKey: source.builtinKey } : {}),
      params: source.params,
      trigger: source.trigger,
      retries: source.retries,
      timeoutSeconds: source.timeoutSeconds,
      concurrency: source.concurrency,
      maxParallel: source.maxParallel,
      enabled: false,
      dependsOn: source.dependsOn,
    },
    actor,
  );
}

export async function listJobs(actor: JobActor): Promise<JobView[]> {
  const rows = await listJobsByOwner({ ownerId: jobOwnerScope(actor) });
  return syncOutcomes(rows.map(toView));
}

export async function getJob(actor: JobActor, id: string): Promise<JobView> {
  const [job] = await syncOutcomes([toView(await getJobRowOrThrow(actor, id))]);
  return job!;
}
