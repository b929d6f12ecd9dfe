import "server-only";
import { getQueryClient, trpc } from "@/server/api/server-caller";

/**
 * Awaited, not fire-and-forget: the section forms render from this data on the server, so the
 * HTML matches the first client render. Admins also get the secrets list their cards show.
 */
export async function prefetchSettings({ withSecrets }: { withSecrets: boolean }) {
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.settings.get.queryOptions()),
    withSecrets ? queryClient.prefetchQuery(trpc.secrets.list.queryOptions()) : null,
  ]);
}
