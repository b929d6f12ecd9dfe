"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { SETTINGS_SECTIONS } from "@/lib/navigation";
import { cn } from "@/lib/utils";

/** Section links: a column beside the form on wide screens, a scrollable row on phones. */
export function SettingsNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const sections = SETTINGS_SECTIONS.filter((s) => isAdmin || !("adminOnly" in s && s.adminOnly));
  return (
    <nav
      aria-label="Settings sections"
      data-testid="settings-nav"
      className="-mx-1 overflow-x-auto md:mx-0 md:overflow-visible"
    >
      <ul className="flex gap-1 px-1 md:flex-col md:px-0">
        {sections.map((s) => {
          const active = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={active ? "page" : undefined}
                data-testid={`settings-nav-${s.href.split("/").pop()}`}
                className={cn(
                  "block rounded-md px-3 py-2 text-sm whitespace-nowrap outline-none transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  active ? "bg-accent font-medium text-accent-foreground" : "text-muted-foreground",
                )}
              >
                {s.title}
                <span className="hidden text-xs font-normal whitespace-normal text-muted-foreground md:block">
                  {s.description}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
