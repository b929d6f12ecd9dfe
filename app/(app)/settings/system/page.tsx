import { SectionForm } from "@/components/settings/section-form";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requirePageUser } from "@/server/auth/page";

export default async function SystemSettingsPage() {
  const user = await requirePageUser();
  prefetch(trpc.settings.get.queryOptions());
  return (
    <HydrateClient>
      <SectionForm section="system" canEdit={user.role === "admin"} />
    </HydrateClient>
  );
}
