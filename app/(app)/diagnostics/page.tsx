import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/diagnostics");

export default function DiagnosticsPage() {
  return <PlannedPage href="/diagnostics" />;
}
