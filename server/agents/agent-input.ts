import { z } from "zod";
import { modelIdSchema } from "@/lib/ai/model-id";
import { avatarSchema, MEMORY_MODES } from "@/server/agents/agent-fields";

/** Limits shared by the form and the server, so both say the same thing about a bad value. */
export const AGENT_LIMITS = {
  nameMax: 60,
  roleMax: 80,
  descriptionMax: 500,
  promptMax: 20_000,
  goalsMax: 20,
  goalMax: 300,
  toolsMax: 100,
  maxTurns: 50,
  maxTokens: 200_000,
  tokenBudget: 10_000_000,
} as const;

/** Everything a person sets on an agent (status and ownership are managed by their own actions). */
export const agentInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the agent a name.")
    .max(AGENT_LIMITS.nameMax, `Use at most ${AGENT_LIMITS.nameMax} characters for the name.`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: names must not contain them
    .regex(/^[^\u0000-\u001f\u007f]+$/, "The name cannot contain control characters."),
  role: z
    .string()
    .trim()
    .min(1, "Say what the agent does (its role).")
    .max(AGENT_LIMITS.roleMax, `Use at most ${AGENT_LIMITS.roleMax} characters for the role.`),
  description: z
    .string()
    .trim()
    .max(AGENT_LIMITS.descriptionMax, `Use at most ${AGENT_LIMITS.descriptionMax} characters for the description.`)
    .default(""),
  avatar: avatarSchema.default({ kind: "emoji", value: "🤖" }),
  systemPrompt: z
    .string()
    .trim()
    .min(1, "Write a system prompt: it tells the model how to act.")
    .max(AGENT_LIMITS.promptMax, `Keep the system prompt under ${AGENT_LIMITS.promptMax} characters.`),
  goals: z
    .array(z.string().trim().min(1, "A goal cannot be empty.").max(AGENT_LIMITS.goalMax))
    .max(AGENT_LIMITS.goalsMax, `List at most ${AGENT_LIMITS.goalsMax} goals.`)
    .default([]),
  // null = inherit the chat's or the default model.
  modelId: modelIdSchema.nullable().default(null),
  temperature: z
    .number({ error: "Temperature is a number from 0 to 2." })
    .min(0, "Temperature is at least 0.")
    .max(2, "Temperature is at most 2.")
    .nullable()
    .default(null),
  maxTokens: z
    .number()
    .int("Max tokens is a whole number.")
    .min(1, "Max tokens is at least 1.")
    .max(AGENT_LIMITS.maxTokens)
    .nullable()
    .default(null),
  maxTurns: z
    .number()
    .int("Max turns is a whole number.")
    .min(1, "Max turns is at least 1.")
    .max(AGENT_LIMITS.maxTurns, `Max turns is at most ${AGENT_LIMITS.maxTurns}.`)
    .default(8),
  tokenBudget: z
    .number()
    .int("The token budget is a whole number.")
    .min(100, "A token budget below 100 tokens cannot finish a turn.")
    .max(AGENT_LIMITS.tokenBudget)
    .nullable()
    .default(null),
  tools: z
    .array(z.string().trim().min(1).max(200))
    .max(AGENT_LIMITS.toolsMax)
    .default([])
    .transform((list) => [...new Set(list)]),
  memoryMode: z.enum(MEMORY_MODES, { error: "Memory is none, conversation or long_term." }).default("none"),
});
export type AgentInput = z.input<typeof agentInputSchema>;
export type AgentData = z.output<typeof agentInputSchema>;
