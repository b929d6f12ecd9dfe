import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

/**
 * The Job table. `ownerId` scopes a read to one user's jobs; left undefined, it reads every job
 * (what an administrator sees).
 */

type JobWrite = Prisma.JobUncheckedCreateInput;
type JobChange = Prisma.JobUncheckedUpdateInput;

const CLOCK_TRIGGERS = ["cron", "interval"];

export async function getJobById({ id, ownerId }: { id: string; ownerId?: string }) {
  return db.job.findFirst({ where: { id, ownerId } });
}

export async function listJobsByOwner({ ownerId }: { ownerId?: string }) {
  return db.job.findMany({ where: { ownerId }, orderBy: [{ system: "desc" }, { name: "asc" }] });
}

/** Ids and names only, for dependency checks and for naming dependencies in an export. */
export async function listJobNamesByOwner({ ownerId }: { ownerId?: string } = {}) {
  return db.job.findMany({ where: { ownerId }, select: { id: true, name: true } });
}

export async function listJobNamesByIds({ ids, ownerId }: { ids: string[]; ownerId?: string }) {
  return db.job.findMany({ where: { id: { in: ids }, ownerId }, select: { id: true, name: true } });
}

export async function listJobNamesByPrefix({ prefix }: { prefix: string }): Promise<string[]> {
  const rows = await db.job.findMany({ where: { name: { startsWith: prefix } }, select: { name: true } });
  return rows.map((j) => j.name);
}

/** Every job's dependencies (the JSON column as stored), for cycle and dependent checks. */
export async function listJobDependencies() {
  return db.job.findMany({ select: { id: true, name: true, dependsOn: true } });
}

export async function systemJobExistsByBuiltinKey({ builtinKey }: { builtinKey: string }): Promise<boolean> {
  return (await db.job.findFirst({ where: { system: true, builtinKey }, select: { id: true } })) !== null;
}

export async function insertJob(data: JobWrite) {
  return db.job.create({ data });
}

/** All or nothing: a list that fails half-way leaves no row behind. */
export async function insertJobs(rows: JobWrite[]): Promise<void> {
  await db.$transaction(rows.map((data) => db.job.create({ data })));
}

export async function updateJobById({ id, data }: { id: string; data: JobChange }) {
  return db.job.update({ where: { id }, data });
}

export async function deleteJobById({ id }: { id: string }): Promise<void> {
  await db.job.delete({ where: { id } });
}

/** Writes a run's outcome unless another run has started since (its lastTaskId moved on). */
export async function updateJobOutcomeByLastTask({
  id,
  lastTaskId,
  data,
}: {
  id: string;
  lastTaskId: string | null;
  data: Pick<JobChange, "lastStatus" | "lastMessage" | "lastDurationMs">;
}): Promise<void> {
  await db.job.updateMany({ where: { id, lastTaskId }, data });
}

/** Enabled cron and interval jobs whose next run is due, the earliest first. */
export async function listDueClockJobs({ now }: { now: Date }) {
  return db.job.findMany({
    where: { enabled: true, triggerType: { in: CLOCK_TRIGGERS }, nextRunAt: { lte: now } },
    orderBy: { nextRunAt: "asc" },
  });
}

/**
 * Moves nextRunAt forward only if it still holds the value the caller read, in one statement:
 * of two ticks that see the same due job, one claims it. True when this call claimed it.
 */
export async function claimJobRunById({
  id,
  nextRunAt,
  next,
}: {
  id: string;
  nextRunAt: Date | null;
  next: Date | null;
}): Promise<boolean> {
  const claimed = await db.job.updateMany({ where: { id, nextRunAt, enabled: true }, data: { nextRunAt: next } });
  return claimed.count === 1;
}

/** The earliest next run of any enabled clock job. */
export async function getSoonestClockRun(): Promise<Date | null> {
  const soonest = await db.job.findFirst({
    where: { enabled: true, triggerType: { in: CLOCK_TRIGGERS }, nextRunAt: { not: null } },
    orderBy: { nextRunAt: "asc" },
    select: { nextRunAt: true },
  });
  return soonest?.nextRunAt ?? null;
}

/** The next scheduled job among those the owner scope covers. */
export async function getNextDueJobByOwner({ ownerId }: { ownerId?: string }) {
  return db.job.findFirst({
    where: { ownerId, enabled: true, nextRunAt: { not: null } },
    orderBy: { nextRunAt: "asc" },
    select: { id: true, name: true, nextRunAt: true },
  });
}

export async function listEnabledEventJobsByName({ eventName }: { eventName: string }) {
  return db.job.findMany({ where: { enabled: true, triggerType: "event", eventName } });
}
