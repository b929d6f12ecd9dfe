import { describe, expect, it, vi } from "vitest";
import {
  CommandRegistry,
  type CommandSource,
  searchableSources,
  staticGroups,
} from "@/components/shell/command-registry";
import { commandRegistry } from "@/components/shell/command-sources";
import type { ShellUser } from "@/components/shell/shell-user";
import { NAV_PAGES } from "@/lib/navigation";

const admin: ShellUser = { id: "a", name: "Ada", email: "ada@example.com", role: "admin" };
const user: ShellUser = { ...admin, id: "u", role: "user" };

const source = (id: string, order: number, extra: Partial<CommandSource> = {}): CommandSource => ({
  id,
  heading: id,
  order,
  commands: () => [{ id: `${id}-1`, label: id }],
  ...extra,
});

describe("CommandRegistry", () => {
  it("lists sources by order and notifies on change", () => {
    const registry = new CommandRegistry([source("b", 20)]);
    const listener = vi.fn();
    registry.subscribe(listener);
    const remove = registry.register(source("a", 10));
    expect(registry.list().map((s) => s.id)).toEqual(["a", "b"]);
    expect(listener).toHaveBeenCalledTimes(1);
    remove();
    expect(registry.list().map((s) => s.id)).toEqual(["b"]);
  });

  it("keeps the same snapshot until something changes", () => {
    const registry = new CommandRegistry([source("a", 1)]);
    expect(registry.list()).toBe(registry.list());
  });

  it("replaces a source with the same id and ignores a stale remover", () => {
    const registry = new CommandRegistry();
    const removeOld = registry.register(source("a", 1, { heading: "old" }));
    registry.register(source("a", 1, { heading: "new" }));
    removeOld();
    expect(registry.list().map((s) => s.heading)).toEqual(["new"]);
  });

  it("asks search sources only from their minimum query length", () => {
    const search = async () => [];
    const sources = [
      source("s", 1, { commands: undefined, search }),
      source("t", 2, { commands: undefined, search, minQueryLength: 4 }),
    ];
    expect(searchableSources(sources, " a ").map((s) => s.id)).toEqual([]);
    expect(searchableSources(sources, "abc").map((s) => s.id)).toEqual(["s"]);
    expect(searchableSources(sources, "abcd").map((s) => s.id)).toEqual(["s", "t"]);
  });
});

describe("built-in palette commands", () => {
  const ids = (u: ShellUser) => staticGroups(commandRegistry.list(), u).flatMap((g) => g.commands.map((c) => c.id));

  it("reach every page, every settings section and the actions", () => {
    const all = ids(admin);
    for (const page of NAV_PAGES) expect(all).toContain(page.href === "/" ? "dashboard" : page.href.slice(1));
    expect(all).toEqual(
      expect.arrayContaining([
        "settings/workspace",
        "settings/users",
        "theme-light",
        "theme-dark",
        "theme-system",
        "sign-out",
        "create-token",
      ]),
    );
    expect(new Set(all).size).toBe(all.length);
  });

  it("leave admin-only sections out for users", () => {
    expect(ids(user)).not.toContain("settings/users");
  });

  it("send token creation to the profile's tokens section", () => {
    const create = staticGroups(commandRegistry.list(), admin)
      .flatMap((g) => g.commands)
      .find((c) => c.id === "create-token");
    expect(create?.href).toBe("/profile#tokens");
  });
});
