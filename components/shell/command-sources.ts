import type { TRPCClient } from "@trpc/client";
import { Bot, CalendarClock, KeyRound, LogOut, Monitor, Moon, Plus, Settings2, Sun } from "lucide-react";
import { fuzzyRank } from "@/components/agents/fuzzy";
import { CommandRegistry, type CommandSource } from "@/components/shell/command-registry";
import { navSlug, visiblePages, visibleSettingsSections } from "@/components/shell/nav-model";
import type { AppRouter } from "@/server/api/root";

type Source = CommandSource<TRPCClient<AppRouter>>;

const pagesSource: Source = {
  id: "pages",
  heading: "Pages",
  order: 10,
  commands: ({ user }) =>
    visiblePages(user).map((p) => ({
      id: navSlug(p.href),
      label: p.title,
      icon: p.icon,
      keywords: p.keywords,
      href: p.href,
    })),
};

const settingsSource: Source = {
  id: "settings",
  heading: "Settings",
  order: 20,
  commands: ({ user }) =>
    visibleSettingsSections(user).map((s) => ({
      id: navSlug(s.href),
      label: `Settings: ${s.title}`,
      icon: Settings2,
      keywords: [s.description],
      href: s.href,
    })),
};

const actionsSource: Source = {
  id: "actions",
  heading: "Actions",
  order: 30,
  commands: () => [
    {
      id: "theme-light",
      label: "Switch to light theme",
      icon: Sun,
      keywords: ["theme", "appearance"],
      run: ({ setTheme }) => setTheme("light"),
    },
    {
      id: "theme-dark",
      label: "Switch to dark theme",
      icon: Moon,
      keywords: ["theme", "appearance"],
      run: ({ setTheme }) => setTheme("dark"),
    },
    {
      id: "theme-system",
      label: "Use the system theme",
      icon: Monitor,
      keywords: ["theme", "appearance"],
      run: ({ setTheme }) => setTheme("system"),
    },
    {
      id: "create-token",
      label: "Create an API token",
      icon: KeyRound,
      keywords: ["api", "token", "key"],
      href: "/profile#tokens",
    },
    {
      id: "sign-out",
      label: "Sign out",
      icon: LogOut,
      keywords: ["log out", "logout"],
      run: ({ signOut }) => signOut(),
    },
  ],
};

// Agents by fuzzy name/role, opening the agent on the Agents page; plus "New agent".
const agentsSource: Source = {
  id: "agents",
  heading: "Agents",
  order: 25,
  minQueryLength: 1,
  commands: () => [
    { id: "agent-new", label: "New agent", icon: Plus, keywords: ["create agent", "agents"], href: "/agents?new=1" },
  ],
  search: async (query, { client, signal }) => {
    const agents = await client.agents.list.query(undefined, { signal });
    return agents
      .map((a) => ({
        a,
        score: fuzzyRank(query, [
          { text: a.name, weight: 2 },
          { text: a.role, weight: 1 },
        ]),
      }))
      .filter((x) => x.score !== null)
      .sort((x, y) => y.score! - x.score!)
      .slice(0, 8)
      .map(({ a }) => ({
        id: `agent-${a.id}`,
        label: a.name,
        icon: Bot,
        hint: a.status === "active" ? a.role : a.status,
        href: `/agents?agent=${encodeURIComponent(a.id)}`,
      }));
  },
};

// Automation jobs by fuzzy name, opening the job's detail on the Automation page.
const jobsSource: Source = {
  id: "jobs",
  heading: "Jobs",
  order: 26,
  minQueryLength: 1,
  commands: () => [],
  search: async (query, { client, signal }) => {
    const jobs = await client.automation.list.query(undefined, { signal });
    return jobs
      .map((j) => ({
        j,
        score: fuzzyRank(query, [
          { text: j.name, weight: 2 },
          { text: j.description, weight: 1 },
        ]),
      }))
      .filter((x) => x.score !== null)
      .sort((x, y) => y.score! - x.score!)
      .slice(0, 8)
      .map(({ j }) => ({
        id: `job-${j.id}`,
        label: j.name,
        icon: CalendarClock,
        hint: j.enabled ? "job" : "job (disabled)",
        href: `/automation?job=${encodeURIComponent(j.id)}`,
      }));
  },
};

/**
 * The palette's registry. A feature adds its entities by adding a source to this list (or, for
 * commands that only make sense on one page, with useCommandSource while that page is mounted).
 */
export const commandRegistry = new CommandRegistry<TRPCClient<AppRouter>>([
  pagesSource,
  settingsSource,
  agentsSource,
  jobsSource,
  actionsSource,
]);
