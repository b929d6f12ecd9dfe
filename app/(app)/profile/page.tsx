import { AccountSection } from "@/components/profile/account-section";
import { ApiTokensSection } from "@/components/profile/api-tokens-section";
import { PasswordSection } from "@/components/profile/password-section";
import { ThemeSection } from "@/components/profile/theme-section";
import { PageHeader } from "@/components/shell/page-header";
import { HydrateClient, prefetch, trpc } from "@/server/api/server-caller";

export const metadata = { title: "Profile" };

export default function ProfilePage() {
  prefetch(trpc.users.me.queryOptions());
  prefetch(trpc.tokens.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Profile" description="Your account, password, theme and API tokens." />
      <div className="grid gap-6">
        <AccountSection />
        <PasswordSection />
        <ThemeSection />
        <ApiTokensSection />
      </div>
    </HydrateClient>
  );
}
