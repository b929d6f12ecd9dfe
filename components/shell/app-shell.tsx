"use client";

export interface ShellUser {
  id: string;
  name: string;
  email: string;
  role: "admin" | "user";
}

/** Placeholder until the shell lands: sidebar, breadcrumbs, palette, user menu. */
export function AppShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="border-b p-3 text-sm">Signed in as {user.name}</header>
      <main className="p-6">{children}</main>
    </div>
  );
}
