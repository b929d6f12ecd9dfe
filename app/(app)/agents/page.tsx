import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/agents");

export default function AgentsPage() {
  return <PlannedPage href="/agents" />;
}
