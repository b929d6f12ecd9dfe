import { SettingsNav } from "@/components/settings/settings-nav";
import { SettingsTransfer } from "@/components/settings/settings-transfer";
import { requirePageUser } from "@/server/auth/page";
import { PageHeader } from "@/components/shell/page-header";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        className="mb-0"
        title="Settings"
        description={
          isAdmin
            ? "Changes take effect when you apply them; each section applies on its own."
            : "You can read the settings; an admin changes them."
        }
        actionsAlign="end"
        actions={isAdmin && <SettingsTransfer />}
      />
      <div className="flex flex-col gap-6 md:flex-row">
        <aside className="md:w-56 md:shrink-0">
          <SettingsNav isAdmin={isAdmin} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col gap-6">{children}</div>
      </div>
    </div>
  );
}
