import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/tasks");

export default function TasksPage() {
  return <PlannedPage href="/tasks" />;
}
