"use client";

import { PanelLeftClose, PanelLeftOpen } from "lucide-react";
import { Brand } from "@/components/shell/brand";
import type { ShellUser } from "@/components/shell/shell-user";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export function DesktopSidebar({
  user,
  collapsed,
  onToggle,
}: {
  user: ShellUser;
  collapsed: boolean;
  onToggle: () => void;
}) {
  const label = collapsed ? "Expand the sidebar (Ctrl+B)" : "Collapse the sidebar (Ctrl+B)";
  return (
    <aside
      data-testid="sidebar"
      data-collapsed={collapsed}
      className={cn(
        "sticky top-0 hidden h-dvh shrink-0 flex-col border-r bg-sidebar transition-[width] md:flex",
        collapsed ? "w-14" : "w-60",
      )}
    >
      <div className={cn("flex h-14 items-center border-b px-3", collapsed && "justify-center px-0")}>
        <Brand compact={collapsed} />
      </div>
      <div className="flex-1 overflow-y-auto">
        <SidebarNav user={user} collapsed={collapsed} />
      </div>
      <div className={cn("border-t p-2", collapsed && "flex justify-center")}>
        <Button
          variant="ghost"
          size={collapsed ? "icon" : "sm"}
          onClick={onToggle}
          aria-label={label}
          title={label}
          data-testid="sidebar-collapse"
          className={cn(!collapsed && "w-full justify-start")}
        >
          {collapsed ? <PanelLeftOpen aria-hidden /> : <PanelLeftClose aria-hidden />}
          {!collapsed && <span>Collapse</span>}
        </Button>
      </div>
    </aside>
  );
}
