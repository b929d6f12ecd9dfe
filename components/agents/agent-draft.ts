import type { AgentInput } from "@/server/agents/agent-input";
import type { AgentRow } from "@/components/agents/agent-format";

/** The form's state: numbers as typed text, goals one per line, so half-typed values survive. */
export interface AgentDraft {
  name: string;
  role: string;
  description: string;
  avatarKind: "emoji" | "initials";
  emoji: string;
  initials: string;
  color: string;
  systemPrompt: string;
  goals: string;
  modelId: string;
  temperature: string;
  maxTokens: string;
  maxTurns: string;
  tokenBudget: string;
  tools: string[];
  memoryMode: "none" | "conversation" | "long_term";
}

export const EMPTY_DRAFT: AgentDraft = {
  name: "",
  role: "",
  description: "",
  avatarKind: "emoji",
  emoji: "🤖",
  initials: "",
  color: "#4f46e5",
  systemPrompt: "",
  goals: "",
  modelId: "",
  temperature: "",
  maxTokens: "",
  maxTurns: "8",
  tokenBudget: "",
  tools: [],
  memoryMode: "none",
};

export function draftFromAgent(a: AgentRow): AgentDraft {
  return {
    name: a.name,
    role: a.role,
    description: a.description,
    avatarKind: a.avatar.kind,
    emoji: a.avatar.kind === "emoji" ? a.avatar.value : "🤖",
    initials: a.avatar.kind === "initials" ? a.avatar.value : "",
    color: a.avatar.kind === "initials" ? a.avatar.color : "#4f46e5",
    systemPrompt: a.systemPrompt,
    goals: a.goals.join("\n"),
    modelId: a.modelId ?? "",
    temperature: a.temperature === null ? "" : String(a.temperature),
    maxTokens: a.maxTokens === null ? "" : String(a.maxTokens),
    maxTurns: String(a.maxTurns),
    tokenBudget: a.tokenBudget === null ? "" : String(a.tokenBudget),
    tools: a.tools,
    memoryMode: a.memoryMode,
  };
}

// An empty field means "not set"; anything else goes to the server as a number it validates.
const num = (s: string): number | null => (s.trim() === "" ? null : Number(s));

export function draftToInput(d: AgentDraft): AgentInput {
  return {
    name: d.name,
    role: d.role,
    description: d.description,
    avatar:
      d.avatarKind === "emoji"
        ? { kind: "emoji", value: d.emoji }
        : { kind: "initials", value: d.initials, color: d.color },
    systemPrompt: d.systemPrompt,
    goals: d.goals
      .split("\n")
      .map((g) => g.trim())
      .filter(Boolean),
    modelId: d.modelId || null,
    temperature: num(d.temperature),
    maxTokens: num(d.maxTokens),
    maxTurns: num(d.maxTurns) ?? 8,
    tokenBudget: num(d.tokenBudget),
    tools: d.tools,
    memoryMode: d.memoryMode,
  };
}
