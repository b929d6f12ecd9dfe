import { PlannedPage, plannedMetadata } from "@/components/shell/planned-page";

export const metadata = plannedMetadata("/chat");

export default function ChatPage() {
  return <PlannedPage href="/chat" />;
}
