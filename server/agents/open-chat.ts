import "server-only";
import { AppError } from "@/lib/errors";
import { findVisibleAgent, type Viewer } from "@/server/agents/access";
import { createChatSession } from "@/server/chat/sessions";

/** "Open chat" on an agent: a new session of the viewer that this agent answers. */
export async function openAgentChat(viewer: Viewer, agentId: string): Promise<{ sessionId: string }> {
  const agent = await findVisibleAgent(viewer, agentId);
  if (agent.status !== "active") {
    throw new AppError(
      "PRECONDITION_FAILED",
      agent.status === "paused"
        ? `"${agent.name}" is paused. Resume it to chat with it.`
        : `"${agent.name}" is disabled. An admin must re-enable it first.`,
    );
  }
  const session = await createChatSession({ userId: viewer.id, title: `Chat with ${agent.name}`, agentId: agent.id });
  return { sessionId: session.id };
}
