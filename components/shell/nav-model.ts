import { NAV_PAGES, type NavPage, pageForPath, SETTINGS_SECTIONS } from "@/lib/navigation";
import type { ShellUser } from "@/components/shell/shell-user";

/** The slug of a link in data-testids: the href without its leading slash, "dashboard" for "/". */
export function navSlug(href: string): string {
  return href === "/" ? "dashboard" : href.replace(/^\//, "");
}

export function visiblePages(user: Pick<ShellUser, "role">): NavPage[] {
  return NAV_PAGES.filter((p) => !p.adminOnly || user.role === "admin");
}

export function visibleSettingsSections(user: Pick<ShellUser, "role">) {
  return SETTINGS_SECTIONS.filter((s) => !("adminOnly" in s && s.adminOnly) || user.role === "admin");
}

export function isActiveLink(href: string, pathname: string): boolean {
  return pageForPath(pathname)?.href === href;
}

export interface Crumb {
  label: string;
  href: string;
}

/** Page, then settings section when there is one; unknown paths have no crumbs. */
export function breadcrumbsForPath(pathname: string): Crumb[] {
  const page = pageForPath(pathname);
  if (!page) return [];
  const crumbs: Crumb[] = [{ label: page.title, href: page.href }];
  const section = SETTINGS_SECTIONS.find((s) => pathname === s.href || pathname.startsWith(`${s.href}/`));
  if (page.href === "/settings" && section) crumbs.push({ label: section.title, href: section.href });
  return crumbs;
}
