"use client";

import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import {
  type CommandRunContext,
  type PaletteCommand,
  searchableSources,
  staticGroups,
} from "@/components/shell/command-registry";
import { commandRegistry } from "@/components/shell/command-sources";
import type { ShellUser } from "@/components/shell/shell-user";
import { useThemePreference } from "@/components/shell/use-theme-preference";
import {
  CommandDialog,
  CommandEmpty,
  CommandGroup,
  CommandInput,
  CommandItem,
  CommandList,
  CommandShortcut,
} from "@/components/ui/command";
import { useTRPCClient } from "@/lib/trpc/react";

const SEARCH_DEBOUNCE_MS = 200;

interface FoundGroup {
  id: string;
  heading: string;
  commands: PaletteCommand[];
}

/** Asks every search source for the typed text; stale answers are dropped. */
function useSearchResults(query: string, user: ShellUser, enabled: boolean): FoundGroup[] {
  const sources = useSyncExternalStore(commandRegistry.subscribe, commandRegistry.list, commandRegistry.list);
  const client = useTRPCClient();
  const [found, setFound] = useState<{ query: string; groups: FoundGroup[] }>({ query: "", groups: [] });

  useEffect(() => {
    const searchable = enabled ? searchableSources(sources, query) : [];
    if (searchable.length === 0) return;
    const controller = new AbortController();
    const timer = window.setTimeout(async () => {
      const groups = await Promise.all(
        searchable.map(async (s) => {
          try {
            return {
              id: s.id,
              heading: s.heading,
              commands: await s.search!(query.trim(), { user, signal: controller.signal, client }),
            };
          } catch {
            return { id: s.id, heading: s.heading, commands: [] };
          }
        }),
      );
      if (!controller.signal.aborted) setFound({ query, groups: groups.filter((g) => g.commands.length > 0) });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [sources, query, user, client, enabled]);

  return found.query === query && enabled ? found.groups : [];
}

export function CommandPalette({
  user,
  open,
  onOpenChange,
}: {
  user: ShellUser;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const { choose } = useThemePreference();
  const sources = useSyncExternalStore(commandRegistry.subscribe, commandRegistry.list, commandRegistry.list);
  const [query, setQuery] = useState("");
  const groups = useMemo(() => (open ? staticGroups(sources, user) : []), [open, sources, user]);
  const found = useSearchResults(query, user, open);

  useEffect(() => {
    if (!open) setQuery("");
  }, [open]);

  const context: CommandRunContext = {
    user,
    navigate: (href) => router.push(href),
    setTheme: (theme) => void choose(theme),
    signOut: () => void signOut({ callbackUrl: "/sign-in" }),
  };

  function runCommand(command: PaletteCommand) {
    onOpenChange(false);
    if (command.href) router.push(command.href);
    else void command.run?.(context);
  }

  const item = (command: PaletteCommand, forceMount: boolean) => {
    const Icon = command.icon;
    return (
      <CommandItem
        key={command.id}
        value={command.id}
        keywords={[command.label, ...(command.keywords ?? [])]}
        forceMount={forceMount}
        onSelect={() => runCommand(command)}
        data-testid={`command-item-${command.id}`}
      >
        {Icon && <Icon aria-hidden />}
        <span className="truncate">{command.label}</span>
        {command.hint && <CommandShortcut>{command.hint}</CommandShortcut>}
      </CommandItem>
    );
  };

  return (
    <CommandDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Command palette"
      description="Go to a page, a settings section or run an action."
      contentProps={{ "data-testid": "command-palette" }}
    >
      <CommandInput
        placeholder="Search pages, settings and actions…"
        value={query}
        onValueChange={setQuery}
        data-testid="command-input"
      />
      <CommandList>
        <CommandEmpty>Nothing matches. Try another word, such as “logs” or “theme”.</CommandEmpty>
        {found.map((group) => (
          <CommandGroup key={`found-${group.id}`} heading={group.heading} forceMount>
            {group.commands.map((c) => item(c, true))}
          </CommandGroup>
        ))}
        {groups.map((group) => (
          <CommandGroup key={group.id} heading={group.heading}>
            {group.commands.map((c) => item(c, false))}
          </CommandGroup>
        ))}
      </CommandList>
    </CommandDialog>
  );
}
