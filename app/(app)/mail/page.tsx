import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/mail");

export default function MailPage() {
  return <PlannedPage href="/mail" />;
}
