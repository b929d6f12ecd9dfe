"use client";

import { usePathname } from "next/navigation";
import { useState } from "react";
import { CommandPalette } from "@/components/shell/command-palette";
import { DesktopSidebar } from "@/components/shell/desktop-sidebar";
import { SessionLock } from "@/components/shell/session-lock";
import { ShellHeader } from "@/components/shell/shell-header";
import type { ShellUser } from "@/components/shell/shell-user";
import { useAccountTheme } from "@/components/shell/use-account-theme";
import { useSidebarCollapsed } from "@/components/shell/use-sidebar-collapsed";
import { useModHotkey } from "@/hooks/use-hotkey";
import { useHydrated, useMediaQuery } from "@/hooks/use-media-query";

export type { ShellUser } from "@/components/shell/shell-user";

/** Sidebar, header (breadcrumbs, palette, theme, user menu), Ctrl+K palette and idle lock. */
export function AppShell({
  user,
  sessionLockMinutes = 0,
  children,
}: {
  user: ShellUser;
  sessionLockMinutes?: number;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const isDesktop = useMediaQuery("(min-width: 768px)");
  // Server markup includes the desktop sidebar (CSS hides it on phones) so desktops do not jump;
  // on phones it is dropped after hydration so the menu sheet holds the only nav links.
  const showDesktopSidebar = useHydrated() ? isDesktop : true;
  const [collapsed, toggleCollapsed] = useSidebarCollapsed();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [mobileOpen, setMobileOpen] = useState(false);

  useAccountTheme(user.theme);
  useModHotkey("k", () => setPaletteOpen((open) => !open));
  useModHotkey("b", () => (isDesktop ? toggleCollapsed() : setMobileOpen((open) => !open)));

  // The mobile menu closes on navigation and when the layout crosses the breakpoint: adjusted while
  // rendering, as React advises for state that follows props, instead of an effect after the paint.
  const [menuFor, setMenuFor] = useState({ pathname, isDesktop });
  if (menuFor.pathname !== pathname || menuFor.isDesktop !== isDesktop) {
    setMenuFor({ pathname, isDesktop });
    setMobileOpen(false);
  }

  return (
    <div className="flex min-h-dvh">
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      {showDesktopSidebar && <DesktopSidebar user={user} collapsed={collapsed} onToggle={toggleCollapsed} />}
      <div className="flex min-w-0 flex-1 flex-col">
        <ShellHeader
          user={user}
          mobileOpen={mobileOpen}
          onMobileOpenChange={setMobileOpen}
          onOpenPalette={() => setPaletteOpen(true)}
        />
        <main
          id="main-content"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none md:px-8"
        >
          {children}
        </main>
      </div>
      <CommandPalette user={user} open={paletteOpen} onOpenChange={setPaletteOpen} />
      {sessionLockMinutes > 0 && <SessionLock minutes={sessionLockMinutes} />}
    </div>
  );
}
