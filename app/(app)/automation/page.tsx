import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/automation");

export default function AutomationPage() {
  return <PlannedPage href="/automation" />;
}
