import "server-only";
import { AppError, NotFoundError } from "@/lib/errors";
import { agentScope, type Viewer } from "@/server/agents/access";
import { parseAvatar } from "@/server/agents/agent-fields";
import { listAgentSummariesByIds, listVisibleAgentIdsByIds } from "@/server/agents/store/agents";
import { recordAudit } from "@/server/audit";
import { isUniqueViolation } from "@/server/db/errors";
import type { Team } from "@/server/generated/prisma/client";
import { deleteTeamById, getVisibleTeamById, insertTeam, listVisibleTeams, updateTeamById } from "@/server/teams/store";
import {
  MEMBER_ROLES,
  type MemberRole,
  type TeamData,
  type TeamInput,
  teamInputSchema,
  type TeamMember,
} from "@/server/teams/team-input";

/** Members as stored (JSON); a hand-edited row must not crash a page. */
export function parseMembers(json: string): TeamMember[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (m): m is TeamMember =>
        !!m &&
        typeof m === "object" &&
        typeof (m as TeamMember).agentId === "string" &&
        MEMBER_ROLES.includes((m as TeamMember).role),
    );
  } catch {
    return [];
  }
}

/** Users see the built-in teams and their own; an admin sees all (no scope). */
function teamScope(viewer: Viewer): string | undefined {
  return viewer.role === "admin" ? undefined : viewer.id;
}

function canEditTeam(viewer: Viewer, team: Pick<Team, "builtin" | "createdBy">): boolean {
  return viewer.role === "admin" || (!team.builtin && team.createdBy === viewer.id);
}

type AgentSummary = { id: string; name: string; role: string; avatar: string; status: string };

export function toTeamView(team: Team, viewer: Viewer, agents: Map<string, AgentSummary>) {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    members: parseMembers(team.members).map((m) => {
      const agent = agents.get(m.agentId);
      return {
        agentId: m.agentId,
        role: m.role,
        name: agent?.name ?? null,
        agentRole: agent?.role ?? null,
        avatar: agent ? parseAvatar(agent.avatar) : null,
        status: (agent?.status ?? "missing") as "active" | "paused" | "disabled" | "missing",
      };
    }),
    maxRounds: team.maxRounds,
    stopPhrase: team.stopPhrase,
    stopRegex: team.stopRegex,
    timeoutSeconds: team.timeoutSeconds,
    builtin: team.builtin,
    editable: canEditTeam(viewer, team),
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  };
}
export type TeamView = ReturnType<typeof toTeamView>;

async function agentsOf(teams: Team[]): Promise<Map<string, AgentSummary>> {
  const ids = [...new Set(teams.flatMap((t) => parseMembers(t.members).map((m) => m.agentId)))];
  const rows = await listAgentSummariesByIds({ ids });
  return new Map(rows.map((a) => [a.id, a]));
}

export async function listTeams(viewer: Viewer): Promise<TeamView[]> {
  const teams = await listVisibleTeams({ viewerId: teamScope(viewer) });
  const agents = await agentsOf(teams);
  return teams.map((t) => toTeamView(t, viewer, agents));
}

/** The team if the viewer may see it; "not found" otherwise. */
export async function findVisibleTeam(viewer: Viewer, id: string): Promise<Team> {
  const team = await getVisibleTeamById({ id, viewerId: teamScope(viewer) });
  if (!team) throw new NotFoundError("That team");
  return team;
}

export async function getTeam(viewer: Viewer, id: string): Promise<TeamView> {
  const team = await findVisibleTeam(viewer, id);
  return toTeamView(team, viewer, await agentsOf([team]));
}

/** Members must be agents the person may see (a user cannot put someone else's agent in a team). */
async function checkMembers(viewer: Viewer, members: TeamMember[]): Promise<void> {
  const ids = members.map((m) => m.agentId);
  const found = await listVisibleAgentIdsByIds({ ids, viewerId: agentScope(viewer) });
  if (found.length !== ids.length)
    throw new AppError("BAD_REQUEST", "A member of the team is not an agent you can use. Pick the members again.");
}

function toColumns(data: TeamData) {
  return {
    name: data.name,
    description: data.description,
    members: JSON.stringify(data.members),
    maxRounds: data.maxRounds,
    stopPhrase: data.stopPhrase,
    stopRegex: data.stopRegex,
    timeoutSeconds: data.timeoutSeconds,
  };
}

const NAME_TAKEN = "A team with this name exists already. Pick another name.";

export async function createTeam(viewer: Viewer, input: TeamInput): Promise<TeamView> {
  const data = teamInputSchema.parse(input);
  await checkMembers(viewer, data.members);
  try {
    const team = await insertTeam({ ...toColumns(data), createdBy: viewer.id });
    await recordAudit({ actor: viewer, action: "team.create", target: team.id, details: { name: team.name } });
    return toTeamView(team, viewer, await agentsOf([team]));
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", NAME_TAKEN);
    throw err;
  }
}

async function findEditableTeam(viewer: Viewer, id: string): Promise<Team> {
  const team = await findVisibleTeam(viewer, id);
  if (!canEditTeam(viewer, team))
    throw new AppError(
      "FORBIDDEN",
      team.builtin ? "Only an admin can change a built-in team." : "Only the team's creator can change it.",
    );
  return team;
}

export async function updateTeam(viewer: Viewer, id: string, input: TeamInput): Promise<TeamView> {
  await findEditableTeam(viewer, id);
  const data = teamInputSchema.parse(input);
  await checkMembers(viewer, data.members);
  try {
    const team = await updateTeamById({ id, data: toColumns(data) });
    await recordAudit({ actor: viewer, action: "team.update", target: id, details: { name: team.name } });
    return toTeamView(team, viewer, await agentsOf([team]));
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", NAME_TAKEN);
    throw err;
  }
}

export async function deleteTeam(viewer: Viewer, id: string): Promise<void> {
  const team = await findEditableTeam(viewer, id);
  if (team.builtin) throw new AppError("FORBIDDEN", "The built-in team cannot be deleted.");
  await deleteTeamById({ id });
  await recordAudit({ actor: viewer, action: "team.delete", target: id, details: { name: team.name } });
}

/** A member's place in the run: planner or executor, with the agent's id. */
export function membersByRole(members: TeamMember[], role: MemberRole): TeamMember[] {
  return members.filter((m) => m.role === role);
}
