import type { ToolInfo } from "@/lib/tools/types";
import type { Settings } from "@/lib/settings/schema";

/** Risk classes Safe Mode removes from every agent at once (PRODUCT.md security rule 3). */
const SAFE_MODE_REMOVES = new Set(["network", "code", "shell"]);

/** The highest risk class: it acts as the server's own operating-system account. */
const ADMIN_ONLY_RISKS = new Set(["shell"]);

export interface PolicyInput {
  tool: Pick<ToolInfo, "name" | "risk">;
  /** The role of the person the call runs for; absent where no person is involved (listing). */
  callerRole?: "admin" | "user";
  /** The agent's allow-list; an entry "mcp__server__*" allows every tool of that server. */
  allowedTools: readonly string[];
  settings: Pick<Settings, "security" | "tools">;
}

export function isAllowListed(name: string, allowedTools: readonly string[]): boolean {
  return allowedTools.some((entry) => entry === name || (entry.endsWith("*") && name.startsWith(entry.slice(0, -1))));
}

/**
 * Why a tool may not run now, as a sentence the model and the user can read, or null when it
 * may. The order is the order a person would fix things in: the agent's list, then Safe Mode,
 * then the admin's switches.
 */
export function policyRefusal({ tool, allowedTools, settings, callerRole }: PolicyInput): string | null {
  if (!isAllowListed(tool.name, allowedTools)) {
    return `The tool "${tool.name}" is not on this agent's allow-list. Do not call it again; answer with the tools you have.`;
  }
  if (settings.security.safeMode && SAFE_MODE_REMOVES.has(tool.risk)) {
    return `The tool "${tool.name}" is switched off: Safe Mode is on, which removes internet, code and shell tools. Do not call it again.`;
  }
  if (tool.risk === "network" && !settings.tools.networkEnabled) {
    return `The tool "${tool.name}" needs internet access, which an admin has not turned on (Settings → Tools). Do not call it again.`;
  }
  if (tool.risk === "shell" && !settings.tools.shellEnabled) {
    return `The shell tool is off; an admin turns it on in Settings → Tools. Do not call it again.`;
  }
  // Issue 22, finding 5: once an admin enabled the shell, every user's agent could run commands as
  // the server's account (root in a container) and approve them itself.
  if (ADMIN_ONLY_RISKS.has(tool.risk) && callerRole !== "admin") {
    return `The tool "${tool.name}" runs commands on the server, so only an admin's runs may use it. Do not call it again.`;
  }
  return null;
}

/** The tools an agent is offered right now: listed, and allowed by Safe Mode and the switches. */
export function availableTools(
  tools: readonly ToolInfo[],
  allowedTools: readonly string[],
  settings: PolicyInput["settings"],
  callerRole?: PolicyInput["callerRole"],
): ToolInfo[] {
  return tools.filter((tool) => policyRefusal({ tool, allowedTools, settings, callerRole }) === null);
}

/**
 * Run limits the agent loop checks before each model turn: max turns and the token budget
 * (null or 0 = unlimited). Returns the reason to stop, or null to go on.
 */
export function runLimitRefusal(input: {
  turn: number;
  maxTurns: number;
  tokensUsed: number;
  tokenBudget: number | null;
}): string | null {
  if (input.turn >= input.maxTurns)
    return `Stopped after ${input.maxTurns} turns, the most this agent may take in one run.`;
  if (input.tokenBudget && input.tokensUsed >= input.tokenBudget) {
    return `Stopped: the run used ${input.tokensUsed} tokens, over this agent's budget of ${input.tokenBudget}.`;
  }
  return null;
}
