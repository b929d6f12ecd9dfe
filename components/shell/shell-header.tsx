"use client";

import { Search } from "lucide-react";
import { ProvidersModeBadge } from "@/components/settings/providers-mode-badge";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { MobileSidebar } from "@/components/shell/mobile-sidebar";
import type { ShellUser } from "@/components/shell/shell-user";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { UserMenu } from "@/components/shell/user-menu";
import { Button } from "@/components/ui/button";

export function ShellHeader({
  user,
  mobileOpen,
  onMobileOpenChange,
  onOpenPalette,
}: {
  user: ShellUser;
  mobileOpen: boolean;
  onMobileOpenChange: (open: boolean) => void;
  onOpenPalette: () => void;
}) {
  return (
    <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/80 md:px-5">
      <MobileSidebar user={user} open={mobileOpen} onOpenChange={onMobileOpenChange} />
      <div className="min-w-0 flex-1">
        <Breadcrumbs />
      </div>
      <Button
        variant="outline"
        size="sm"
        onClick={onOpenPalette}
        className="text-muted-foreground sm:w-56 sm:justify-start"
        aria-label="Search and commands (Ctrl+K)"
        aria-keyshortcuts="Control+K Meta+K"
        data-testid="command-palette-open"
      >
        <Search aria-hidden />
        <span className="hidden sm:inline">Search…</span>
        <kbd className="ml-auto hidden rounded border bg-muted px-1.5 font-mono text-[10px] sm:inline">Ctrl K</kbd>
      </Button>
      <ProvidersModeBadge />
      <ThemeToggle />
      <UserMenu user={user} />
    </header>
  );
}
