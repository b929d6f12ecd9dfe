import { DataDirectory } from "@/components/settings/data-directory";
import { SectionForm } from "@/components/settings/section-form";
import { env } from "@/server/env";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";

export default async function WorkspaceSettingsPage() {
  const user = await requirePageUser();
  // Awaited: the form renders from this data on the server, so the HTML matches the first client render.
  await getQueryClient().prefetchQuery(trpc.settings.get.queryOptions());
  return (
    <HydrateClient>
      <SectionForm section="workspace" canEdit={user.role === "admin"} before={<DataDirectory path={env.DATA_DIR} />} />
    </HydrateClient>
  );
}
