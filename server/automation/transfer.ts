import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { toInput } from "@/server/automation/job-row";
import { type JobActor, jobOwnerScope, listJobs, prepareJob } from "@/server/automation/jobs";
import { insertJobs, listJobNamesByOwner } from "@/server/automation/store/jobs";

export const EXPORT_VERSION = 1;

/** The jobs the actor can see, portable: dependencies by name, no ids, owners or run history. */
export async function exportJobs(actor: JobActor, ids?: string[]) {
  const jobs = (await listJobs(actor)).filter((j) => !ids || ids.includes(j.id));
  const nameOf = new Map((await listJobNamesByOwner()).map((j) => [j.id, j.name]));
  return {
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    jobs: jobs.map((j) =>
      toInput(
        j,
        j.dependsOn.flatMap((d) => (nameOf.has(d) ? [nameOf.get(d)!] : [])),
      ),
    ),
  };
}

export const importSchema = z.object({
  version: z.literal(EXPORT_VERSION, {
    error: `This file is not an export of this version (expected "version": ${EXPORT_VERSION}).`,
  }),
  jobs: z
    .array(z.record(z.string(), z.unknown()))
    .min(1, "The file holds no jobs.")
    .max(200, "At most 200 jobs at once."),
});

/**
 * Creates the jobs of an export. All are validated before any is written and the whole import is
 * one transaction, so a bad file leaves nothing half-imported. A name that exists is skipped
 * (reported), so importing the same file twice changes nothing.
 */
export async function importJobs(raw: unknown, actor: JobActor) {
  const parsed = importSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message);
  const existing = new Map((await listJobNamesByOwner({ ownerId: jobOwnerScope(actor) })).map((j) => [j.name, j.id]));
  const taken = new Set((await listJobNamesByOwner()).map((j) => j.name));
  const prepared = [];
  for (const [i, j] of parsed.data.jobs.entries()) {
    const { dependsOnNames, ...rest } = j;
    try {
      const row = await prepareJob({ ...rest, dependsOn: [] }, actor, { skipDependencyCheck: true });
      prepared.push({
        ...row,
        id: randomUUID(),
        dependsOnNames: z.array(z.string()).max(10).catch([]).parse(dependsOnNames),
      });
    } catch (err) {
      throw new AppError(
        "BAD_REQUEST",
        `Job ${i + 1}${typeof j.name === "string" ? ` ("${j.name}")` : ""}: ${(err as Error).message}`,
      );
    }
  }
  const skipped = prepared.filter((p) => taken.has(p.name)).map((p) => p.name);
  const fresh = prepared.filter((p) => !taken.has(p.name));
  const idOf = new Map([...existing, ...fresh.map((p) => [p.name, p.id] as const)]);
  const rows = fresh.map((p) => {
    const missing = p.dependsOnNames.filter((n) => !idOf.has(n));
    if (missing.length)
      throw new AppError(
        "BAD_REQUEST",
        `Job "${p.name}" depends on "${missing[0]}", which is neither in the file nor among your jobs.`,
      );
    return { ...p.data, id: p.id, dependsOn: JSON.stringify(p.dependsOnNames.map((n) => idOf.get(n)!)) };
  });
  // One transaction: a file that fails half-way leaves nothing behind.
  await insertJobs(rows);
  return { created: fresh.map((p) => p.name), skipped };
}
