import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { TASK_STATUSES, type TaskStatus } from "@/lib/tasks/constants";
import type { TaskFilters } from "@/server/tasks/filters";
import { fromStoredJson } from "@/server/tasks/json";
import { getVisibleTaskOrThrow, type TaskViewer, visibleTo } from "@/server/tasks/visibility";

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

function whereOf(viewer: TaskViewer, f: TaskFilters): Prisma.TaskWhereInput {
  const and: Prisma.TaskWhereInput[] = [visibleTo(viewer)];
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

/** Newest first, a page at a time (`cursor` is the last id of the previous page). */
export async function listTasks(q: { viewer: TaskViewer; filters?: TaskFilters; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const rows = await db.task.findMany({
    where: whereOf(q.viewer, q.filters ?? {}),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    select: listSelect,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** How many of the viewer's tasks are in each status (the page header's live counters). */
export async function countTasks(q: { viewer: TaskViewer }): Promise<Record<TaskStatus, number>> {
  const groups = await db.task.groupBy({ by: ["status"], where: visibleTo(q.viewer), _count: { _all: true } });
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const g of groups) if (g.status in counts) counts[g.status as TaskStatus] = g._count._all;
  return counts;
}

/** One task with its steps, artifacts, parent and children (those the viewer may see). */
export async function getTask(q: { viewer: TaskViewer; id: string }) {
  const task = await getVisibleTaskOrThrow(q.viewer, q.id);
  const visible = visibleTo(q.viewer);
  const [steps, artifacts, children, parent, retries, agent] = await Promise.all([
    db.taskStep.findMany({ where: { taskId: task.id }, orderBy: [{ seq: "asc" }, { startedAt: "asc" }] }),
    db.artifact.findMany({
      where: { taskId: task.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, name: true, mime: true, size: true, createdAt: true },
    }),
    db.task.findMany({
      where: { parentId: task.id, ...visible },
      orderBy: { createdAt: "asc" },
      select: { id: true, title: true, kind: true, status: true },
      take: 200,
    }),
    task.parentId
      ? db.task.findFirst({
          where: { id: task.parentId, ...visible },
          select: { id: true, title: true, kind: true, status: true },
        })
      : null,
    db.task.findMany({
      where: { retryOfId: task.id, ...visible },
      orderBy: { createdAt: "asc" },
      select: { id: true, title: true, kind: true, status: true },
    }),
    task.agentId ? db.agent.findUnique({ where: { id: task.agentId }, select: { name: true } }) : null,
  ]);
  const { input, output, ...rest } = task;
  return {
    ...rest,
    agentName: agent?.name ?? null,
    input: fromStoredJson(input),
    output: fromStoredJson(output),
    steps,
    artifacts,
    children,
    parent,
    retries,
  };
}

export type TaskDetail = Awaited<ReturnType<typeof getTask>>;

export const ORIGIN_TYPES = ["chat", "job", "document", "namespace", "workflow"] as const;
export type OriginType = (typeof ORIGIN_TYPES)[number];

/** The newest tasks one origin (a chat, job, document, knowledge-base namespace or workflow) started, for its own page. */
export async function listOriginTasks(q: {
  viewer: TaskViewer;
  originType: OriginType;
  originId: string;
  limit?: number;
}) {
  return db.task.findMany({
    where: { AND: [visibleTo(q.viewer), { originType: q.originType, originId: q.originId }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit ?? 20,
    select: {
      id: true,
      title: true,
      kind: true,
      status: true,
      progress: true,
      progressMessage: true,
      error: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
  });
}

/** The agents the viewer's tasks ran (for the agent filter), named from the Agent table. */
export async function listTaskAgents(q: { viewer: TaskViewer }) {
  const rows = await db.task.findMany({
    where: { AND: [visibleTo(q.viewer), { agentId: { not: null } }] },
    distinct: ["agentId"],
    select: { agentId: true },
  });
  const ids = rows.flatMap((r) => (r.agentId ? [r.agentId] : []));
  const agents = await db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return ids
    .map((id) => ({ id, name: names.get(id) ?? `Deleted agent ${id.slice(-6)}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
