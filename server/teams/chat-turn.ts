import "server-only";
import { createUIMessageStream, createUIMessageStreamResponse } from "ai";
import { AppError } from "@/lib/errors";
import type { AuthUser } from "@/server/auth/session";
import { pendingAttachments } from "@/server/chat/attachments";
import { appendChatMessage, getChatThread, replaceChatMessageParts, textOf } from "@/server/chat/messages";
import { lastUserMessage } from "@/server/chat/request";
import { assertNoActiveTeamRun, startTeamRunForSession } from "@/server/teams/start";
import { findVisibleTeam } from "@/server/teams/teams";
import type { ChatRequest } from "@/lib/chat/request-schema";

/**
 * A chat turn in a session a team answers: the prompt is saved as the goal and a team run starts
 * in the background. The reply stream only carries the run's id; the members' messages and the
 * checklist reach the page through the event stream as the run goes.
 */
export async function startTeamChatTurn(input: {
  user: AuthUser;
  sessionId: string;
  teamId: string;
  body: ChatRequest;
}): Promise<Response> {
  const { user, body } = input;
  await findVisibleTeam(user, input.teamId);
  await assertNoActiveTeamRun(input.sessionId);
  let prompt: { id: string; text: string };
  if (body.trigger === "submit") {
    const files = await pendingAttachments({
      userId: user.id,
      sessionId: input.sessionId,
      ids: body.attachmentIds ?? [],
    });
    const text = body.text!.trim();
    const saved = await appendChatMessage({
      sessionId: input.sessionId,
      role: "user",
      parts: [{ type: "text", text }],
      attachmentIds: files.map((f) => f.id),
    });
    prompt = { id: saved.id, text };
  } else {
    const last = lastUserMessage(await getChatThread({ sessionId: input.sessionId }));
    if (!last) throw new AppError("BAD_REQUEST", "There is no message to answer again yet.");
    const text = body.trigger === "edit" ? body.text!.trim() : textOf(last.parts);
    if (body.trigger === "edit") await replaceChatMessageParts({ id: last.id, parts: [{ type: "text", text }] });
    prompt = { id: last.id, text };
  }
  const run = await startTeamRunForSession({
    viewer: user,
    sessionId: input.sessionId,
    teamId: input.teamId,
    goal: prompt.text,
    promptId: prompt.id,
  });
  return createUIMessageStreamResponse({
    headers: { "cache-control": "no-cache, no-transform" },
    stream: createUIMessageStream({
      execute: ({ writer }) => writer.write({ type: "data-team-run", data: { runId: run.id }, transient: true }),
    }),
  });
}
