import {
  Activity,
  Bot,
  BookOpen,
  CalendarClock,
  FolderOpen,
  HelpCircle,
  LayoutDashboard,
  type LucideIcon,
  Mail,
  MessageSquare,
  ScrollText,
  Settings,
  Stethoscope,
  UserRound,
  Workflow,
  ListChecks,
} from "lucide-react";

/**
 * Every page of the product, in the three navigation tiers of PRODUCT.md. The sidebar, the
 * command palette and the breadcrumbs all read this list. `issue` names the issue that delivers
 * a page not built yet; such pages say so plainly.
 */
export interface NavPage {
  title: string;
  href: string;
  icon: LucideIcon;
  tier: 1 | 2 | 3;
  description: string;
  keywords?: string[];
  issue?: number;
  adminOnly?: boolean;
}

export const NAV_PAGES: NavPage[] = [
  {
    title: "Dashboard",
    href: "/",
    icon: LayoutDashboard,
    tier: 1,
    description: "Health of the machine, the models and the work at a glance.",
    keywords: ["home", "overview"],
  },
  {
    title: "Chat",
    href: "/chat",
    icon: MessageSquare,
    tier: 1,
    description: "Chat with local and cloud models and your agents.",
  },
  {
    title: "Agents",
    href: "/agents",
    icon: Bot,
    tier: 1,
    description: "Agents, their tools and their runs.",
    keywords: ["assistant", "researcher", "coder", "planner"],
  },
  {
    title: "Tasks",
    href: "/tasks",
    icon: ListChecks,
    tier: 1,
    description: "Every run of work: progress, steps, logs and artifacts.",
    keywords: ["executions", "runs"],
  },
  {
    title: "Workflows",
    href: "/workflows",
    icon: Workflow,
    tier: 1,
    description: "Build and run multi-step workflows.",
  },
  {
    title: "Knowledge Base",
    href: "/knowledge",
    icon: BookOpen,
    tier: 1,
    description: "Your documents, indexed for search and cited in chat.",
    keywords: ["rag", "documents"],
  },
  {
    title: "Monitoring",
    href: "/monitoring",
    icon: Activity,
    tier: 1,
    description: "Machine and model metrics over time.",
    keywords: ["metrics"],
  },
  {
    title: "Mail",
    href: "/mail",
    icon: Mail,
    tier: 2,
    description: "Your mailbox with AI summaries, triage and drafts.",
    keywords: ["email", "inbox"],
  },
  {
    title: "Files",
    href: "/files",
    icon: FolderOpen,
    tier: 2,
    description: "The file workspace agents and documents share.",
  },
  {
    title: "Automation",
    href: "/automation",
    icon: CalendarClock,
    tier: 2,
    description: "Scheduled and triggered jobs.",
    keywords: ["scheduler", "cron", "jobs"],
  },
  {
    title: "Settings",
    href: "/settings",
    icon: Settings,
    tier: 2,
    description: "Workspace, providers, system and security settings.",
    keywords: ["control center", "configuration"],
  },
  {
    title: "Diagnostics",
    href: "/diagnostics",
    icon: Stethoscope,
    tier: 3,
    description: "Test everything and repair what is safe to repair.",
  },
  {
    title: "Logs & Reports",
    href: "/logs",
    icon: ScrollText,
    tier: 3,
    description: "Search, tail and export the structured logs.",
    keywords: ["logs", "audit"],
  },
  {
    title: "Profile",
    href: "/profile",
    icon: UserRound,
    tier: 3,
    description: "Your account, password, theme and API tokens.",
    keywords: ["account", "password", "api token"],
  },
  {
    title: "Help",
    href: "/help",
    icon: HelpCircle,
    tier: 3,
    description: "How to use the platform.",
    keywords: ["docs"],
  },
];

export const SETTINGS_SECTIONS = [
  { title: "Workspace", href: "/settings/workspace", description: "Name, data directory, auto-save." },
  {
    title: "Providers",
    href: "/settings/providers",
    description: "Ollama, OpenRouter and OpenAI-compatible endpoints.",
  },
  { title: "System", href: "/settings/system", description: "Log level, retention, upload limits." },
  { title: "Security", href: "/settings/security", description: "Safe Mode, session lock, secrets." },
  { title: "Tools", href: "/settings/tools", description: "Internet and shell switches, limits, registered tools." },
  {
    title: "Data & RAG",
    href: "/settings/rag",
    description: "Passages per chat answer and reranking by the chat model.",
  },
  {
    title: "MCP servers",
    href: "/settings/mcp",
    description: "External tool servers and their health.",
    adminOnly: true,
  },
  { title: "Users", href: "/settings/users", description: "Accounts and roles.", adminOnly: true },
] as const;

export const TIER_LABELS: Record<NavPage["tier"], string> = { 1: "Work", 2: "Manage", 3: "System" };

/** The page a path belongs to (longest matching prefix), for breadcrumbs and the active link. */
export function pageForPath(pathname: string): NavPage | undefined {
  return NAV_PAGES.filter((p) =>
    p.href === "/" ? pathname === "/" : pathname === p.href || pathname.startsWith(`${p.href}/`),
  ).sort((a, b) => b.href.length - a.href.length)[0];
}
