import "server-only";
import type { Viewer } from "@/server/agents/access";
import { getChatSessionOrThrow } from "@/server/chat/sessions";
import { updateChatSessionTeamById } from "@/server/teams/store";
import { findVisibleTeam } from "@/server/teams/teams";

/** Picks the team that answers in the viewer's chat (null: the agent or model answers again). */
export async function setSessionTeam(input: { viewer: Viewer; sessionId: string; teamId: string | null }) {
  const session = await getChatSessionOrThrow({ id: input.sessionId, userId: input.viewer.id });
  if (input.teamId) await findVisibleTeam(input.viewer, input.teamId);
  await updateChatSessionTeamById({ id: session.id, teamId: input.teamId });
}
