import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/help");

export default function HelpPage() {
  return <PlannedPage href="/help" />;
}
