import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/server/auth/page";
import { getSettings } from "@/server/settings/settings";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const [user, settings] = await Promise.all([requirePageUser(), getSettings()]);
  return (
    <AppShell
      user={{ id: user.id, name: user.name, email: user.email, role: user.role, theme: user.theme }}
      sessionLockMinutes={settings.security.sessionLockMinutes}
    >
      {children}
    </AppShell>
  );
}
