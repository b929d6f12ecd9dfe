import { TasksView } from "@/components/tasks/tasks-view";
import { idSchema } from "@/lib/validation";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";

export const metadata = { title: "Tasks" };

export default async function TasksPage({ searchParams }: { searchParams: Promise<{ task?: string | string[] }> }) {
  const user = await requirePageUser();
  const { task } = await searchParams;
  const initial = idSchema.safeParse(Array.isArray(task) ? task[0] : task);
  // Awaited so the counters render the same on the server and on the first client render.
  await getQueryClient().prefetchQuery(trpc.tasks.counts.queryOptions());

  return (
    <HydrateClient>
      <div className="flex min-h-[calc(100dvh-7rem)] flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold" data-testid="page-title">
            Tasks
          </h1>
          <p className="text-sm text-muted-foreground">
            {user.role === "admin" ? "Every run in the app" : "The work you started"}: its status, steps, logs and
            files, live.
          </p>
        </div>
        <TasksView initialTaskId={initial.success ? initial.data : null} />
      </div>
    </HydrateClient>
  );
}
