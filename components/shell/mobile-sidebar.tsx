"use client";

import { Menu } from "lucide-react";
import { Brand } from "@/components/shell/brand";
import type { ShellUser } from "@/components/shell/shell-user";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";

export function MobileSidebar({
  user,
  open,
  onOpenChange,
}: {
  user: ShellUser;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open the menu" data-testid="sidebar-open">
          <Menu aria-hidden />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-72 gap-0 bg-sidebar p-0" data-testid="sidebar">
        <div className="flex h-14 items-center border-b px-3">
          <Brand onNavigate={() => onOpenChange(false)} />
        </div>
        <SheetTitle className="sr-only">Menu</SheetTitle>
        <SheetDescription className="sr-only">Every page of the platform.</SheetDescription>
        <div className="flex-1 overflow-y-auto">
          <SidebarNav user={user} onNavigate={() => onOpenChange(false)} />
        </div>
      </SheetContent>
    </Sheet>
  );
}
