import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/monitoring");

export default function MonitoringPage() {
  return <PlannedPage href="/monitoring" />;
}
