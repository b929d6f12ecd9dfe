import { z } from "zod";
import { idSchema } from "@/lib/validation";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { latestTeamRun } from "@/server/teams/runs";
import { setSessionTeam } from "@/server/teams/session-team";
import { reconcileTeamRun, stopTeamRun } from "@/server/teams/stop";
import { teamInputSchema } from "@/server/teams/team-input";
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from "@/server/teams/teams";

const byId = z.object({ id: idSchema });
const bySession = z.object({ sessionId: idSchema });

/**
 * Teams of agents (server/teams). Users see the built-in team and their own; creators change
 * theirs, admins every team. A chat session answered by a team starts a run per prompt.
 */
export const teamsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listTeams(ctx.user)),

  get: protectedProcedure.input(byId).query(({ ctx, input }) => getTeam(ctx.user, input.id)),

  create: protectedProcedure.input(teamInputSchema).mutation(({ ctx, input }) => createTeam(ctx.user, input)),

  update: protectedProcedure
    .input(z.object({ id: idSchema, data: teamInputSchema }))
    .mutation(({ ctx, input }) => updateTeam(ctx.user, input.id, input.data)),

  delete: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await deleteTeam(ctx.user, input.id);
    return { ok: true };
  }),

  /** The chat's team and its latest run (the checklist). */
  session: protectedProcedure.input(bySession).query(async ({ ctx, input }) => {
    const session = await getChatSessionOrThrow({ id: input.sessionId, userId: ctx.user.id });
    await reconcileTeamRun(session.id);
    return { teamId: session.teamId, run: await latestTeamRun({ sessionId: session.id, userId: ctx.user.id }) };
  }),

  /** Picks the team that answers in a chat (null: the agent or model answers again). */
  setSessionTeam: protectedProcedure
    .input(bySession.extend({ teamId: idSchema.nullable() }))
    .mutation(async ({ ctx, input }) => {
      await setSessionTeam({ viewer: ctx.user, sessionId: input.sessionId, teamId: input.teamId });
      return { teamId: input.teamId };
    }),

  stop: protectedProcedure.input(bySession).mutation(async ({ ctx, input }) => {
    await getChatSessionOrThrow({ id: input.sessionId, userId: ctx.user.id });
    await stopTeamRun({ viewer: ctx.user, sessionId: input.sessionId });
    return { ok: true };
  }),
});
