import { z } from "zod";
import { listTools } from "@/server/ai/tools/registry";
import { idSchema } from "@/lib/validation";
import { findVisibleAgent } from "@/server/agents/access";
import { agentInputSchema } from "@/server/agents/agent-input";
import {
  createAgent,
  deleteAgent,
  duplicateAgent,
  getAgent,
  listActiveAgents,
  listAgents,
  pauseAgent,
  resumeAgent,
  updateAgent,
} from "@/server/agents/agents";
import { deleteMemory, MEMORY_MAX_CHARS, saveMemory, searchMemory, updateMemory } from "@/server/agents/memory";
import { openAgentChat } from "@/server/agents/open-chat";
import { agentPerformance, agentStats } from "@/server/agents/stats";
import { validateAgentDraft } from "@/server/agents/validate";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";

const byId = z.object({ id: idSchema });
const memoryId = z.number().int().positive();
const memoryContent = z
  .string()
  .trim()
  .min(1, "A memory cannot be empty.")
  .max(MEMORY_MAX_CHARS, `A memory is at most ${MEMORY_MAX_CHARS} characters.`);

/** Memories are the viewer's own, of an agent the viewer may see. */
const memoryRouter = createTRPCRouter({
  list: protectedProcedure
    .input(
      z.object({
        agentId: idSchema,
        query: z.string().max(500).default(""),
        limit: z.number().int().min(1).max(200).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      await findVisibleAgent(ctx.user, input.agentId);
      return searchMemory({ agentId: input.agentId, userId: ctx.user.id, query: input.query, limit: input.limit });
    }),
  add: protectedProcedure
    .input(z.object({ agentId: idSchema, content: memoryContent }))
    .mutation(async ({ ctx, input }) => {
      await findVisibleAgent(ctx.user, input.agentId);
      return saveMemory({ agentId: input.agentId, userId: ctx.user.id, content: input.content });
    }),
  update: protectedProcedure
    .input(z.object({ agentId: idSchema, id: memoryId, content: memoryContent }))
    .mutation(async ({ ctx, input }) => {
      await findVisibleAgent(ctx.user, input.agentId);
      return updateMemory({ ...input, userId: ctx.user.id });
    }),
  delete: protectedProcedure.input(z.object({ agentId: idSchema, id: memoryId })).mutation(async ({ ctx, input }) => {
    await findVisibleAgent(ctx.user, input.agentId);
    await deleteMemory({ ...input, userId: ctx.user.id });
    return { ok: true };
  }),
});

/**
 * The agent registry. Users see the shared active agents and their own; owners change their
 * agents, admins every agent (built-in ones included) and only admins re-enable a disabled one.
 */
export const agentsRouter = createTRPCRouter({
  list: protectedProcedure.query(async ({ ctx }) => {
    const agents = await listAgents(ctx.user);
    const stats = await agentStats(
      ctx.user,
      agents.map((a) => a.id),
    );
    return agents.map((a) => ({ ...a, stats: stats[a.id]! }));
  }),

  /** Active agents for the chat's agent picker. */
  active: protectedProcedure.query(({ ctx }) => listActiveAgents(ctx.user)),

  get: protectedProcedure.input(byId).query(async ({ ctx, input }) => {
    const agent = await getAgent(ctx.user, input.id);
    const stats = await agentStats(ctx.user, [agent.id]);
    return { ...agent, stats: stats[agent.id]! };
  }),

  performance: protectedProcedure
    .input(z.object({ id: idSchema, days: z.number().int().min(1).max(90).default(14) }))
    .query(({ ctx, input }) => agentPerformance(ctx.user, input.id, input.days)),

  /** Tools an agent may be allowed to use (built-in and from connected MCP servers). */
  toolOptions: protectedProcedure.query(() => listTools()),

  create: protectedProcedure.input(agentInputSchema).mutation(({ ctx, input }) => createAgent(ctx.user, input)),

  update: protectedProcedure
    .input(z.object({ id: idSchema, data: agentInputSchema }))
    .mutation(({ ctx, input }) => updateAgent(ctx.user, input.id, input.data)),

  duplicate: protectedProcedure.input(byId).mutation(({ ctx, input }) => duplicateAgent(ctx.user, input.id)),

  pause: protectedProcedure.input(byId).mutation(({ ctx, input }) => pauseAgent(ctx.user, input.id)),

  resume: protectedProcedure.input(byId).mutation(({ ctx, input }) => resumeAgent(ctx.user, input.id)),

  delete: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteAgent(ctx.user, input.id);
    return { ok: true };
  }),

  /** "Validate agent": a dry run of a draft; problems come back as failed checks, not errors. */
  validate: protectedProcedure
    .input(z.object({ draft: z.record(z.string(), z.unknown()) }))
    .mutation(({ input }) => validateAgentDraft(input.draft)),

  openChat: protectedProcedure.input(byId).mutation(({ ctx, input }) => openAgentChat(ctx.user, input.id)),

  memory: memoryRouter,
});
