import { SecretsTable } from "@/components/settings/secrets-table";
import { SectionForm } from "@/components/settings/section-form";
import { HydrateClient } from "@/server/api/server-caller";
import { prefetchSettings } from "@/app/(app)/settings/prefetch-settings";
import { requirePageUser } from "@/server/auth/page";

export default async function SecuritySettingsPage() {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  await prefetchSettings({ withSecrets: isAdmin });
  return (
    <HydrateClient>
      <SectionForm section="security" canEdit={isAdmin} />
      {isAdmin ? (
        <SecretsTable />
      ) : (
        <p className="text-sm text-muted-foreground">The secrets vault is visible to admins only.</p>
      )}
    </HydrateClient>
  );
}
