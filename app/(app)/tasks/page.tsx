import { TasksView } from "@/components/tasks/tasks-view";
import { idSchema } from "@/lib/validation";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";
import { PageHeader } from "@/components/shell/page-header";

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
        <PageHeader
          className="mb-0"
          title="Tasks"
          description={
            <>
              {user.role === "admin" ? "Every run in the app" : "The work you started"}: its status, steps, logs and
              files, live.
            </>
          }
        />
        <TasksView initialTaskId={initial.success ? initial.data : null} />
      </div>
    </HydrateClient>
  );
}
