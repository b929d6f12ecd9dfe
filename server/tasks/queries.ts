import type { TaskStatus } from "@/lib/tasks/constants";
import type { TaskFilters } from "@/server/tasks/filters";
import { fromStoredJson } from "@/server/tasks/json";
import { listArtifactsByTask } from "@/server/tasks/store/artifacts";
import { countTasksByStatus, listTasksByFilters, type TaskListItem } from "@/server/tasks/store/list";
import { listTasksByOrigin } from "@/server/tasks/store/origins";
import { listTaskStepsByTask } from "@/server/tasks/store/steps";
import {
  getTaskSummaryById,
  listAgentNamesByIds,
  listChildTasksByParent,
  listRetriesByTask,
  listTaskAgentIdsByOwner,
} from "@/server/tasks/store/tasks";
import { getVisibleTaskOrThrow, ownerScope, type TaskViewer } from "@/server/tasks/visibility";

export type { TaskListItem };

/** Newest first, a page at a time (`cursor` is the last id of the previous page). */
export async function listTasks(q: { viewer: TaskViewer; filters?: TaskFilters; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const rows = await listTasksByFilters({
    ownerId: ownerScope(q.viewer),
    filters: q.filters ?? {},
    cursor: q.cursor,
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** How many of the viewer's tasks are in each status (the page header's live counters). */
export async function countTasks(q: { viewer: TaskViewer }): Promise<Record<TaskStatus, number>> {
  return countTasksByStatus({ ownerId: ownerScope(q.viewer) });
}

/** One task with its steps, artifacts, parent and children (those the viewer may see). */
export async function getTask(q: { viewer: TaskViewer; id: string }) {
  const task = await getVisibleTaskOrThrow(q.viewer, q.id);
  const ownerId = ownerScope(q.viewer);
  const [steps, artifacts, children, parent, retries, agents] = await Promise.all([
    listTaskStepsByTask({ taskId: task.id }),
    listArtifactsByTask({ taskId: task.id }),
    listChildTasksByParent({ parentId: task.id, ownerId }),
    task.parentId ? getTaskSummaryById({ id: task.parentId, ownerId }) : null,
    listRetriesByTask({ retryOfId: task.id, ownerId }),
    task.agentId ? listAgentNamesByIds({ ids: [task.agentId] }) : [],
  ]);
  const { input, output, ...rest } = task;
  return {
    ...rest,
    agentName: agents[0]?.name ?? null,
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
  return listTasksByOrigin({
    originType: q.originType,
    originId: q.originId,
    ownerId: ownerScope(q.viewer),
    limit: q.limit ?? 20,
  });
}

/** The agents the viewer's tasks ran (for the agent filter), named from the Agent table. */
export async function listTaskAgents(q: { viewer: TaskViewer }) {
  const ids = await listTaskAgentIdsByOwner({ ownerId: ownerScope(q.viewer) });
  const names = new Map((await listAgentNamesByIds({ ids })).map((a) => [a.id, a.name]));
  return ids
    .map((id) => ({ id, name: names.get(id) ?? `Deleted agent ${id.slice(-6)}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
