import { OpenRouterKey } from "@/components/settings/openrouter-key";
import { SectionForm } from "@/components/settings/section-form";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requirePageUser } from "@/server/auth/page";

export default async function ProvidersSettingsPage() {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  prefetch(trpc.settings.get.queryOptions());
  if (isAdmin) prefetch(trpc.secrets.list.queryOptions());
  return (
    <HydrateClient>
      <SectionForm section="providers" canEdit={isAdmin} />
      <OpenRouterKey canEdit={isAdmin} />
    </HydrateClient>
  );
}
