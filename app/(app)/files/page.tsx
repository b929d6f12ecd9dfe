import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/files");

export default function FilesPage() {
  return <PlannedPage href="/files" />;
}
