import { SettingsNav } from "@/components/settings/settings-nav";
import { SettingsTransfer } from "@/components/settings/settings-transfer";
import { requirePageUser } from "@/server/auth/page";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 data-testid="page-title" className="text-2xl font-semibold">
            Settings
          </h1>
          <p className="text-sm text-muted-foreground">
            {isAdmin
              ? "Changes take effect when you apply them; each section applies on its own."
              : "You can read the settings; an admin changes them."}
          </p>
        </div>
        {isAdmin && <SettingsTransfer />}
      </div>
      <div className="flex flex-col gap-6 md:flex-row">
        <aside className="md:w-56 md:shrink-0">
          <SettingsNav isAdmin={isAdmin} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col gap-6">{children}</div>
      </div>
    </div>
  );
}
