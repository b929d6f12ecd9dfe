import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/validation";
import { authedRoute } from "@/server/http/route";
import { artifactForDownload } from "@/server/tasks/artifacts";

const paramsSchema = z.object({ id: idSchema, artifactId: idSchema });

/** GET /api/tasks/:id/artifacts/:artifactId: a task's file, for its owner or an admin. */
export const GET = authedRoute<{ id: string; artifactId: string }>(async (_req, { user, params }) => {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "That is not a valid task or artifact id.");
  const artifact = await artifactForDownload({
    viewer: user,
    taskId: parsed.data.id,
    artifactId: parsed.data.artifactId,
  });
  const body = Readable.toWeb(createReadStream(artifact.file)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "content-type": artifact.mime,
      "content-length": String(artifact.size),
      "content-disposition": `attachment; filename="${artifact.name.replace(/"/g, "")}"; filename*=UTF-8''${encodeURIComponent(artifact.name)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
