import { SecretsTable } from "@/components/settings/secrets-table";
import { SectionForm } from "@/components/settings/section-form";
import { getQueryClient, HydrateClient, trpc } from "@/lib/trpc/server";
import { requirePageUser } from "@/server/auth/page";

export default async function SecuritySettingsPage() {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  // Awaited: the forms render from this data on the server, so the HTML matches the first client render.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.settings.get.queryOptions()),
    isAdmin ? queryClient.prefetchQuery(trpc.secrets.list.queryOptions()) : null,
  ]);
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
