import { z } from "zod";
import { idSchema } from "@/lib/validation";
import { maxUploadBytes, saveChatAttachment } from "@/server/chat/attachments";
import { readBodyLimited } from "@/server/http/body";
import { errorResponse } from "@/server/http/errors";
import { authedRoute } from "@/server/http/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const querySchema = z.object({
  sessionId: idSchema,
  name: z.string().trim().min(1, "The file needs a name.").max(200, "Use a file name of at most 200 characters."),
});

/**
 * POST /api/chat/attachments?sessionId=…&name=… with the file's bytes as the body and its type
 * as Content-Type (a plain body lets the browser report upload progress). Answers the stored
 * attachment, or 4xx with why it was refused (too large, unsupported type, unreadable PDF).
 */
export const POST = authedRoute(
  async (req, { user }) => {
    const url = new URL(req.url);
    const query = querySchema.safeParse({
      sessionId: url.searchParams.get("sessionId"),
      name: url.searchParams.get("name"),
    });
    if (!query.success) return errorResponse(400, query.error.issues[0]!.message);
    const data = await readBodyLimited(req, await maxUploadBytes());
    const attachment = await saveChatAttachment({
      userId: user.id,
      sessionId: query.data.sessionId,
      name: query.data.name,
      mime: req.headers.get("content-type") ?? "application/octet-stream",
      data,
    });
    return Response.json(attachment, { status: 201, headers: { "cache-control": "no-store" } });
  },
  { accepts: "any" },
);
