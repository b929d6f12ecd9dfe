import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/workflows");

export default function WorkflowsPage() {
  return <PlannedPage href="/workflows" />;
}
