import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/validation";
import { attachmentFilePath, getChatAttachmentOrThrow } from "@/server/chat/attachments";
import { authedRoute } from "@/server/http/route";

const paramsSchema = z.object({ id: idSchema });

/** GET /api/chat/attachments/:id: an attachment's file, for its owner (images inline, the rest as downloads). */
export const GET = authedRoute<{ id: string }>(async (_req, { user, params }) => {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "That is not a valid attachment id.");
  const row = await getChatAttachmentOrThrow({ id: parsed.data.id, userId: user.id });
  const body = Readable.toWeb(createReadStream(attachmentFilePath(row))) as ReadableStream<Uint8Array>;
  const disposition = row.kind === "image" ? "inline" : "attachment";
  return new Response(body, {
    headers: {
      "content-type": row.mime,
      "content-length": String(row.size),
      "content-disposition": `${disposition}; filename="${row.name.replace(/["\\\r\n]/g, "")}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
