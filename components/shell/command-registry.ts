import type { LucideIcon } from "lucide-react";
import type { ShellUser } from "@/components/shell/shell-user";

/**
 * The command palette shows groups of commands from sources registered here, so a feature adds
 * its searchable entities (chats, documents, agents) by registering a source, never by editing
 * the palette. Static sources list their commands when the palette opens; search sources are
 * asked for the typed text (debounced, cancelled when the text changes).
 */
export interface PaletteCommand {
  /** Unique across the palette; the item's data-testid is `command-item-<id>`. */
  id: string;
  label: string;
  icon?: LucideIcon;
  keywords?: string[];
  /** Short grey text on the right (a description or a shortcut). */
  hint?: string;
  /** Navigate here when chosen... */
  href?: string;
  /** ...or run this. */
  run?: (ctx: CommandRunContext) => void | Promise<void>;
}

export interface CommandRunContext {
  user: ShellUser;
  navigate: (href: string) => void;
  setTheme: (theme: "light" | "dark" | "system") => void;
  signOut: () => void;
}

export interface CommandSearchContext<C = unknown> {
  user: ShellUser;
  signal: AbortSignal;
  /** The typed tRPC client, for sources that search server data. */
  client: C;
}

export interface CommandSource<C = unknown> {
  id: string;
  heading: string;
  /** Lower comes first. */
  order: number;
  commands?: (ctx: { user: ShellUser }) => PaletteCommand[];
  search?: (query: string, ctx: CommandSearchContext<C>) => Promise<PaletteCommand[]>;
  /** Search sources are asked only from this many typed characters on (default 2). */
  minQueryLength?: number;
}

export class CommandRegistry<C = unknown> {
  private sources = new Map<string, CommandSource<C>>();
  private listeners = new Set<() => void>();
  private snapshot: CommandSource<C>[] = [];

  constructor(initial: CommandSource<C>[] = []) {
    for (const source of initial) this.sources.set(source.id, source);
    this.refresh();
  }

  /** Adds (or replaces, by id) a source; returns the function that removes it again. */
  register(source: CommandSource<C>): () => void {
    this.sources.set(source.id, source);
    this.refresh();
    return () => {
      if (this.sources.get(source.id) !== source) return;
      this.sources.delete(source.id);
      this.refresh();
    };
  }

  /** Sources by order; the same array until something changes (for useSyncExternalStore). */
  list = (): CommandSource<C>[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private refresh() {
    this.snapshot = [...this.sources.values()].sort((a, b) => a.order - b.order || a.heading.localeCompare(b.heading));
    for (const listener of this.listeners) listener();
  }
}

/** The static commands of every source for this user, grouped, empty groups left out. */
export function staticGroups<C>(sources: CommandSource<C>[], user: ShellUser) {
  return sources
    .filter((s) => s.commands)
    .map((s) => ({ id: s.id, heading: s.heading, commands: s.commands!({ user }) }))
    .filter((g) => g.commands.length > 0);
}

export function searchableSources<C>(sources: CommandSource<C>[], query: string): CommandSource<C>[] {
  const q = query.trim();
  return sources.filter((s) => s.search && q.length >= (s.minQueryLength ?? 2));
}
