import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { pruneSucceededRuns } from "@/server/automation/run-history";

async function run(jobId: string, status: string, minutesAgo: number) {
  return db.task.create({
    data: {
      kind: "job",
      title: "Job: routine",
      status,
      originType: "job",
      originId: jobId,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    },
  });
}

describe("job run history", () => {
  it("keeps the newest successful runs and every failed or running one", async () => {
    const jobId = `job-${Date.now()}`;
    const succeeded = [];
    for (let i = 0; i < 6; i++) succeeded.push(await run(jobId, "succeeded", i));
    const failed = await run(jobId, "failed", 30);
    const running = await run(jobId, "running", 40);
    const otherJob = await run(`${jobId}-other`, "succeeded", 50);

    expect(await pruneSucceededRuns(jobId, 3)).toBe(3);
    const left = await db.task.findMany({ where: { originId: { startsWith: jobId } }, select: { id: true } });
    expect(left.map((t) => t.id).sort()).toEqual(
      [...succeeded.slice(0, 3).map((t) => t.id), failed.id, running.id, otherJob.id].sort(),
    );
    expect(await pruneSucceededRuns(jobId, 3)).toBe(0);
  });
});
