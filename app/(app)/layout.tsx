import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/server/auth/page";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={{ id: user.id, name: user.name, email: user.email, role: user.role }}>{children}</AppShell>;
}
