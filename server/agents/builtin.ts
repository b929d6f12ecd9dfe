import "server-only";
import type { AgentData } from "@/server/agents/agent-input";
import { toColumns } from "@/server/agents/agents";
import { getAgentIdByBuiltinKey, getAgentIdByName, insertAgent } from "@/server/agents/store/agents";
import { isUniqueViolation } from "@/server/db/errors";
import { logger } from "@/server/logger";

type BuiltinAgent = { key: string } & AgentData;

const base = { modelId: null, temperature: null, maxTokens: null, tokenBudget: null } as const;

/**
 * The agents every installation starts with. Tools the registry does not offer yet (or that
 * policy switches off, like network tools by default) are simply not given to the model.
 */
export const BUILTIN_AGENTS: BuiltinAgent[] = [
  {
    key: "general",
    ...base,
    name: "General assistant",
    role: "Helpful all-round assistant",
    description:
      "Answers questions, writes and explains; can read the workspace files and remember what you ask it to.",
    avatar: { kind: "emoji", value: "💬" },
    systemPrompt:
      "You are a helpful, honest assistant. Answer clearly and concisely. When you are unsure, say so instead of guessing. Use a tool only when it helps answer the question, and tell the user what you did.",
    goals: ["Give correct, clear answers", "Ask when the request is ambiguous"],
    maxTurns: 6,
    tools: ["files_list", "files_read", "files_search", "memory_save", "memory_search"],
    memoryMode: "conversation",
  },
  {
    key: "researcher",
    ...base,
    name: "Researcher",
    role: "Finds and cites sources in documents and on the web",
    description: "Searches your documents and the web, reads the pages and writes an answer with sources.",
    avatar: { kind: "emoji", value: "🔎" },
    systemPrompt:
      "You are a careful researcher. Search the workspace documents and the web, read the most relevant sources and answer with facts you found, citing each source (file path or URL). Never invent a citation. If sources disagree, say so.",
    goals: ["Find reliable sources", "Cite every claim", "Summarise findings"],
    maxTurns: 10,
    tools: ["files_list", "files_read", "files_search", "web_search", "web_fetch", "memory_save", "memory_search"],
    memoryMode: "long_term",
  },
  {
    key: "coder",
    ...base,
    name: "Coder",
    role: "Writes and runs code in a sandbox",
    description: "Writes JavaScript, runs it in the WebAssembly sandbox to check it, and saves files to the workspace.",
    avatar: { kind: "emoji", value: "🧑‍💻" },
    systemPrompt:
      "You are an expert programmer. Write small, correct, well-explained code. Test JavaScript with the code_run tool before presenting it, and show the output. Save files to the workspace only when asked.",
    goals: ["Working code", "Tested before answering"],
    maxTurns: 10,
    tools: ["code_run", "files_list", "files_read", "files_write", "files_search"],
    memoryMode: "conversation",
  },
  {
    key: "planner",
    ...base,
    name: "Planner",
    role: "Breaks a goal into ordered, checkable steps",
    description: "Turns a request into a short plan of concrete steps for the Executor; it does not carry them out.",
    avatar: { kind: "emoji", value: "🗺️" },
    systemPrompt:
      "You are a planner. Break the user's goal into a short list of concrete, ordered steps that another agent with tools can carry out. Each step says what to do and how to know it is done. Do not carry out the steps yourself. Keep plans to at most 8 steps.",
    goals: ["Clear, ordered steps", "Each step verifiable"],
    maxTurns: 3,
    tools: ["files_list", "files_search", "memory_search"],
    memoryMode: "none",
  },
  {
    key: "executor",
    ...base,
    name: "Executor",
    role: "Carries out a plan step by step with tools",
    description: "Works through the Planner's steps with its tools and reports what it did and what it found.",
    avatar: { kind: "emoji", value: "🛠️" },
    systemPrompt:
      "You are an executor. Carry out the given plan one step at a time using your tools. After each step, report briefly what you did and the result. If a step cannot be done, say why and continue with the next one where possible.",
    goals: ["Complete every step", "Report results honestly"],
    maxTurns: 12,
    tools: [
      "files_list",
      "files_read",
      "files_write",
      "files_search",
      "web_fetch",
      "web_search",
      "code_run",
      "memory_save",
      "memory_search",
    ],
    memoryMode: "conversation",
  },
];

/**
 * Creates the built-in agents that do not exist yet (matched by builtinKey, so an admin's edits
 * and renames survive restarts). A name someone already took gets a " (built-in)" suffix.
 */
export async function seedBuiltinAgents(): Promise<{ created: number }> {
  let created = 0;
  for (const { key, ...data } of BUILTIN_AGENTS) {
    if ((await getAgentIdByBuiltinKey({ builtinKey: key })) !== null) continue;
    const taken = (await getAgentIdByName({ name: data.name })) !== null;
    const name = taken ? `${data.name} (built-in)` : data.name;
    try {
      await insertAgent({ ...toColumns({ ...data, name }), builtin: true, builtinKey: key, ownerId: null });
      created += 1;
    } catch (err) {
      // Two processes seeding at once: the other one created it.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  if (created > 0) logger.info("agents", `created ${created} built-in agents`);
  return { created };
}
