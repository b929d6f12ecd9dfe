import { chatRequestSchema, MAX_BODY_BYTES } from "@/lib/chat/request-schema";
import { streamChatReply } from "@/server/chat/stream-chat";
import { readBodyLimited } from "@/server/http/body";
import { errorResponse } from "@/server/http/errors";
import { authedRoute } from "@/server/http/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One chat turn, streamed as an AI SDK UI message stream (see server/chat/stream-chat.ts). */
export const POST = authedRoute(async (req, { user }) => {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await readBodyLimited(req, MAX_BODY_BYTES)));
  } catch (err) {
    if (err instanceof SyntaxError) return errorResponse(400, "The request body is not valid JSON.");
    throw err;
  }
  const body = chatRequestSchema.safeParse(json);
  if (!body.success) return errorResponse(400, body.error.issues[0]!.message);
  return streamChatReply({ user, body: body.data, request: req });
});
