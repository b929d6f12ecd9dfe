import { SectionForm } from "@/components/settings/section-form";
import { ToolSwitches } from "@/components/settings/tools-switches";
import { ToolsCatalog } from "@/components/settings/tools-catalog";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-caller";
import { requirePageUser } from "@/server/auth/page";

/** The switches have their own typed-confirmation control; the form holds the limits. */
const LIMIT_FIELDS = [
  "allowedHosts",
  "toolTimeoutSeconds",
  "maxOutputKb",
  "searchUrl",
  "toolSupport",
  "toolModels",
] as const;

export default async function ToolsSettingsPage() {
  const user = await requirePageUser();
  const canEdit = user.role === "admin";
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.settings.get.queryOptions()),
    queryClient.prefetchQuery(trpc.tools.list.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <ToolSwitches canEdit={canEdit} />
      <SectionForm section="tools" canEdit={canEdit} fields={LIMIT_FIELDS} />
      <ToolsCatalog />
    </HydrateClient>
  );
}
