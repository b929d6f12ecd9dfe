import { errorResponse } from "@/server/http/errors";
import { authedRoute } from "@/server/http/route";
import { storeUpload, uploadQuerySchema } from "@/server/knowledge/upload";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/knowledge/upload?namespace=…&name=…&embed=1|0 with the file's bytes as the body (a
 * plain body lets the browser report upload progress). The bytes stream to the data directory;
 * the answer says whether an ingest task was queued, the file was a duplicate, or (embed=0)
 * how its text was indexed. 4xx with a sentence when the type, size or namespace is refused.
 */
export const POST = authedRoute(
  async (req, { user }) => {
    const url = new URL(req.url);
    const query = uploadQuerySchema.safeParse({
      namespace: url.searchParams.get("namespace") ?? "default",
      name: url.searchParams.get("name"),
      embed: url.searchParams.get("embed") ?? undefined,
    });
    if (!query.success) return errorResponse(400, query.error.issues[0]!.message);
    if (!req.body) return errorResponse(400, "The upload has no content.");
    const declared = Number(req.headers.get("content-length") ?? "NaN");
    const outcome = await storeUpload({
      userId: user.id,
      namespace: query.data.namespace,
      name: query.data.name,
      embed: query.data.embed === "1",
      body: req.body as unknown as AsyncIterable<Uint8Array>,
      declaredBytes: Number.isFinite(declared) ? declared : null,
    });
    return Response.json(outcome, {
      status: outcome.status === "duplicate" ? 200 : 201,
      headers: { "cache-control": "no-store" },
    });
  },
  { accepts: "any" },
);
