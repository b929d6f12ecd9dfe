import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/knowledge");

export default function KnowledgePage() {
  return <PlannedPage href="/knowledge" />;
}
