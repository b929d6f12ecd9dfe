import { OpenRouterKey } from "@/components/settings/openrouter-key";
import { ProvidersOverview } from "@/components/settings/providers-overview";
import { SectionForm } from "@/components/settings/section-form";
import { HydrateClient } from "@/server/api/server-caller";
import { prefetchSettings } from "@/app/(app)/settings/prefetch-settings";
import { requirePageUser } from "@/server/auth/page";

export default async function ProvidersSettingsPage() {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  await prefetchSettings({ withSecrets: isAdmin });
  return (
    <HydrateClient>
      <ProvidersOverview canEdit={isAdmin} />
      <SectionForm section="providers" canEdit={isAdmin} />
      <OpenRouterKey canEdit={isAdmin} />
    </HydrateClient>
  );
}
