import { UsersSection } from "@/components/settings/users-section";
import { HydrateClient, prefetch, trpc } from "@/server/api/server-caller";
import { requirePageAdmin } from "@/server/auth/page";

export const metadata = { title: "Users · Settings" };

export default async function UsersSettingsPage() {
  await requirePageAdmin();
  prefetch(trpc.users.list.queryOptions());
  prefetch(trpc.users.me.queryOptions());
  return (
    <HydrateClient>
      <UsersSection />
    </HydrateClient>
  );
}
