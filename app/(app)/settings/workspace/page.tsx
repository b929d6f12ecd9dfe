import { DataDirectory } from "@/components/settings/data-directory";
import { SectionForm } from "@/components/settings/section-form";
import { env } from "@/lib/env";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requirePageUser } from "@/server/auth/page";

export default async function WorkspaceSettingsPage() {
  const user = await requirePageUser();
  prefetch(trpc.settings.get.queryOptions());
  return (
    <HydrateClient>
      <SectionForm section="workspace" canEdit={user.role === "admin"} before={<DataDirectory path={env.DATA_DIR} />} />
    </HydrateClient>
  );
}
