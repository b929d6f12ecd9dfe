"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isActiveLink, navSlug, visiblePages } from "@/components/shell/nav-model";
import type { ShellUser } from "@/components/shell/shell-user";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { TIER_LABELS } from "@/lib/navigation";
import { cn } from "@/lib/utils";

const TIERS = [1, 2, 3] as const;

/** The three tiers of links; icons only when collapsed (the title then shows as a tooltip). */
export function SidebarNav({
  user,
  collapsed = false,
  onNavigate,
}: {
  user: ShellUser;
  collapsed?: boolean;
  onNavigate?: () => void;
}) {
  const pathname = usePathname();
  const pages = visiblePages(user);
  return (
    <nav aria-label="Main" className="flex flex-col gap-4 px-2 py-3">
      {TIERS.map((tier) => (
        <div key={tier} className="flex flex-col gap-0.5">
          {collapsed ? (
            <div className="mx-2 mb-1 h-px bg-border first:hidden" aria-hidden />
          ) : (
            <p className="px-2 pb-1 text-xs font-medium tracking-wide text-muted-foreground uppercase">
              {TIER_LABELS[tier]}
            </p>
          )}
          {pages
            .filter((p) => p.tier === tier)
            .map((page) => {
              const active = isActiveLink(page.href, pathname);
              const Icon = page.icon;
              const link = (
                <Link
                  href={page.href}
                  data-testid={`nav-${navSlug(page.href)}`}
                  aria-current={active ? "page" : undefined}
                  aria-label={collapsed ? page.title : undefined}
                  onClick={onNavigate}
                  className={cn(
                    "flex h-9 items-center gap-3 rounded-md px-2 text-sm text-sidebar-foreground transition-colors outline-none hover:bg-sidebar-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                    active && "bg-sidebar-accent font-medium text-foreground",
                    collapsed && "justify-center px-0",
                  )}
                >
                  <Icon className={cn("size-4 shrink-0", active && "text-primary")} aria-hidden />
                  {!collapsed && <span className="truncate">{page.title}</span>}
                </Link>
              );
              if (!collapsed) return <div key={page.href}>{link}</div>;
              return (
                <Tooltip key={page.href}>
                  <TooltipTrigger asChild>{link}</TooltipTrigger>
                  <TooltipContent side="right">{page.title}</TooltipContent>
                </Tooltip>
              );
            })}
        </div>
      ))}
    </nav>
  );
}
