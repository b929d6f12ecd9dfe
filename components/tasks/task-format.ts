import type { TaskStatus } from "@/lib/tasks/constants";

/** Colours per status (spec: green running, yellow waiting, blue done, red failed, grey cancelled; violet paused). */
export const statusStyle: Record<TaskStatus, { label: string; badge: string; dot: string }> = {
  queued: { label: "Queued", badge: "bg-muted text-foreground", dot: "bg-muted-foreground" },
  running: { label: "Running", badge: "bg-success/15 text-success", dot: "bg-success" },
  waiting: { label: "Waiting", badge: "bg-warning/20 text-foreground", dot: "bg-warning" },
  paused: { label: "Paused", badge: "bg-violet-500/15 text-violet-700 dark:text-violet-300", dot: "bg-violet-500" },
  succeeded: { label: "Succeeded", badge: "bg-blue-500/15 text-blue-700 dark:text-blue-300", dot: "bg-blue-500" },
  failed: { label: "Failed", badge: "bg-destructive/15 text-destructive", dot: "bg-destructive" },
  cancelled: {
    label: "Cancelled",
    badge: "bg-muted text-muted-foreground line-through",
    dot: "bg-muted-foreground/60",
  },
};

export function statusOf(status: string): (typeof statusStyle)[TaskStatus] {
  return statusStyle[status as TaskStatus] ?? statusStyle.queued;
}

export const kindLabel: Record<string, string> = {
  chat: "Chat",
  agent: "Agent",
  workflow: "Workflow",
  job: "Job",
  ingest: "Ingest",
  mail: "Mail",
  file: "File",
  diagnostic: "Diagnostic",
  manual: "Manual",
};

/** How long a task ran, or has been running so far. */
export function taskDuration(
  t: { startedAt: Date | string | null; finishedAt: Date | string | null },
  now = Date.now(),
): number | null {
  if (!t.startedAt) return null;
  const end = t.finishedAt ? new Date(t.finishedAt).getTime() : now;
  return end - new Date(t.startedAt).getTime();
}

export function shortId(id: string): string {
  return id.slice(-8);
}

/** Where a task's origin lives in the app, when it has a page. */
export function originHref(type: string | null, id: string | null): string | null {
  switch (type) {
    case "chat":
      return id ? `/chat?session=${encodeURIComponent(id)}` : "/chat";
    case "workflow":
      return id ? `/workflows?workflow=${encodeURIComponent(id)}` : "/workflows";
    case "job":
      return id ? `/automation?job=${encodeURIComponent(id)}` : "/automation";
    case "document":
      return id ? `/knowledge?doc=${encodeURIComponent(id)}` : "/knowledge";
    case "namespace":
      return id ? `/knowledge?ns=${encodeURIComponent(id)}` : "/knowledge";
    case "mail":
      return "/mail";
    case "file":
      return "/files";
    default:
      return null;
  }
}
