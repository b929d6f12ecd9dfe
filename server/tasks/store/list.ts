import { TASK_STATUSES, type TaskStatus } from "@/lib/tasks/constants";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import type { TaskFilters } from "@/server/tasks/filters";

/** The Tasks page's list and its counters over the Task table. */

const listSelect = {
  id: true,
  kind: true,
  title: true,
  status: true,
  priority: true,
  progress: true,
  progressMessage: true,
  agentId: true,
  ownerId: true,
  parentId: true,
  originType: true,
  originId: true,
  functionId: true,
  attempt: true,
  error: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
} as const;

export type TaskListItem = Prisma.TaskGetPayload<{ select: typeof listSelect }>;

function whereOf(ownerId: string | undefined, f: TaskFilters): Prisma.TaskWhereInput {
  const and: Prisma.TaskWhereInput[] = [{ ownerId }];
  if (f.statuses?.length) and.push({ status: { in: f.statuses } });
  if (f.kinds?.length) and.push({ kind: { in: f.kinds } });
  if (f.agentId) and.push({ agentId: f.agentId });
  if (f.from) and.push({ createdAt: { gte: f.from } });
  if (f.to) and.push({ createdAt: { lte: f.to } });
  if (f.q) {
    and.push({
      OR: [
        { title: { contains: f.q } },
        { id: { startsWith: f.q } },
        { functionId: { contains: f.q } },
        { progressMessage: { contains: f.q } },
        { error: { contains: f.q } },
      ],
    });
  }
  return { AND: and };
}

/** Newest first, `take` rows from after the `cursor` task (the last of the previous page). */
export async function listTasksByFilters({
  ownerId,
  filters,
  cursor,
  take,
}: {
  ownerId?: string;
  filters: TaskFilters;
  cursor?: string;
  take: number;
}): Promise<TaskListItem[]> {
  return db.task.findMany({
    where: whereOf(ownerId, filters),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: listSelect,
  });
}

/** How many tasks in the owner scope are in each status. */
export async function countTasksByStatus({ ownerId }: { ownerId?: string }): Promise<Record<TaskStatus, number>> {
  const groups = await db.task.groupBy({ by: ["status"], where: { ownerId }, _count: { _all: true } });
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const g of groups) if (g.status in counts) counts[g.status as TaskStatus] = g._count._all;
  return counts;
}
