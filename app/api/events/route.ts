import { z } from "zod";
import { errorResponse } from "@/server/http/errors";
import { resolveAuth } from "@/server/auth/session";
import { authedRoute } from "@/server/http/route";
import { type Topic, TOPICS } from "@/server/events";
import { openEventStream, SSE_HEADERS } from "@/server/events-sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const topicsSchema = z
  .string({ error: "Say which topics to follow, for example ?topics=logs,settings." })
  .transform((raw) =>
    raw
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string())
      .min(1, "Say which topics to follow, for example ?topics=logs,settings.")
      .max(TOPICS.length, `Ask for at most ${TOPICS.length} topics.`)
      .superRefine((list, ctx) => {
        const unknown = list.filter((t) => !(TOPICS as readonly string[]).includes(t));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: "custom",
            message: `Unknown topic ${unknown.map((t) => `"${t}"`).join(", ")}. Known topics: ${TOPICS.join(", ")}.`,
          });
        }
      })
      .transform((list) => [...new Set(list)] as Topic[]),
  );

const lastEventIdSchema = z
  .string()
  .max(100, "Last-Event-ID is too long.")
  .regex(/^[A-Za-z0-9._:-]*$/, "Last-Event-ID has an unexpected format.")
  .transform((id) => id || null)
  .nullable();

export const GET = authedRoute(async (req, { user }) => {
  const url = new URL(req.url);
  const topics = topicsSchema.safeParse(url.searchParams.get("topics") ?? undefined);
  if (!topics.success) return errorResponse(400, topics.error.issues[0]!.message);
  const lastEventId = lastEventIdSchema.safeParse(
    req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId"),
  );
  if (!lastEventId.success) return errorResponse(400, lastEventId.error.issues[0]!.message);

  const stream = openEventStream({
    viewer: user,
    topics: topics.data,
    lastEventId: lastEventId.data,
    request: req,
    recheck: () => resolveAuth(req.headers),
  });
  return new Response(stream, { headers: SSE_HEADERS });
});
