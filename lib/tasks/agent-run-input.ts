import { z } from "zod";

export const AGENT_PROMPT_MAX = 20_000;

export const agentRunDataSchema = z.object({
  prompt: z
    .string()
    .trim()
    .min(1, "The prompt is empty.")
    .max(AGENT_PROMPT_MAX, "The prompt is longer than 20,000 characters."),
  agentId: z.string().min(1).max(64).optional(),
  modelId: z.string().min(1).max(400).optional(),
  originType: z.string().max(40).optional(),
  originId: z.string().max(200).optional(),
  /** ISO time to start at (the run sleeps until then, shown as waiting). */
  runAt: z.iso.datetime({ offset: true }).optional(),
  /** An automation job's own policy; a run started by hand retries twice and has no deadline. */
  retries: z.number().int().min(0).max(10).optional(),
  timeoutSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type AgentRunData = z.infer<typeof agentRunDataSchema>;
