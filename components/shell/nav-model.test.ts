import { describe, expect, it } from "vitest";
import {
  breadcrumbsForPath,
  isActiveLink,
  navSlug,
  visiblePages,
  visibleSettingsSections,
} from "@/components/shell/nav-model";
import { NAV_PAGES, pageForPath } from "@/lib/navigation";

describe("navSlug", () => {
  it("names the dashboard and strips the leading slash", () => {
    expect(navSlug("/")).toBe("dashboard");
    expect(navSlug("/logs")).toBe("logs");
    expect(navSlug("/settings/users")).toBe("settings/users");
  });

  it("gives every page a distinct slug", () => {
    expect(new Set(NAV_PAGES.map((p) => navSlug(p.href))).size).toBe(NAV_PAGES.length);
  });
});

describe("pageForPath", () => {
  it("matches the longest prefix and only whole segments", () => {
    expect(pageForPath("/")?.title).toBe("Dashboard");
    expect(pageForPath("/settings/users")?.href).toBe("/settings");
    expect(pageForPath("/logs")?.href).toBe("/logs");
    expect(pageForPath("/logsx")).toBeUndefined();
    expect(pageForPath("/nowhere")).toBeUndefined();
  });
});

describe("isActiveLink", () => {
  it("highlights the dashboard only on /", () => {
    expect(isActiveLink("/", "/")).toBe(true);
    expect(isActiveLink("/", "/logs")).toBe(false);
    expect(isActiveLink("/settings", "/settings/system")).toBe(true);
  });
});

describe("breadcrumbsForPath", () => {
  it("gives the page, then the settings section", () => {
    expect(breadcrumbsForPath("/")).toEqual([{ label: "Dashboard", href: "/" }]);
    expect(breadcrumbsForPath("/profile")).toEqual([{ label: "Profile", href: "/profile" }]);
    expect(breadcrumbsForPath("/settings/security")).toEqual([
      { label: "Settings", href: "/settings" },
      { label: "Security", href: "/settings/security" },
    ]);
    expect(breadcrumbsForPath("/unknown")).toEqual([]);
  });
});

describe("visibility by role", () => {
  it("hides admin-only settings sections from users", () => {
    expect(visibleSettingsSections({ role: "user" }).map((s) => s.title)).not.toContain("Users");
    expect(visibleSettingsSections({ role: "admin" }).map((s) => s.title)).toContain("Users");
    expect(visiblePages({ role: "user" }).length).toBe(NAV_PAGES.filter((p) => !p.adminOnly).length);
  });
});
