import { SectionForm } from "@/components/settings/section-form";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";

export default async function SystemSettingsPage() {
  const user = await requirePageUser();
  // Awaited: the form renders from this data on the server, so the HTML matches the first client render.
  await getQueryClient().prefetchQuery(trpc.settings.get.queryOptions());
  return (
    <HydrateClient>
      <SectionForm section="system" canEdit={user.role === "admin"} />
    </HydrateClient>
  );
}
