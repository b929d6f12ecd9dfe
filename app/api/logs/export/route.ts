import { authedRoute } from "@/server/http/route";
import { exportContentType, exportFilename, exportStream } from "@/server/logs/export-format";
import { parseExportParams } from "@/server/logs/export-params";
import { iterateLogs } from "@/server/logs/query-logs";

/** GET /api/logs/export?format=txt|csv|json&<list filters>: the matching entries the caller may see, streamed. */
export const GET = authedRoute(async (req, { user }) => {
  const { format, filters } = parseExportParams(new URL(req.url).searchParams);
  const body = exportStream(format, iterateLogs({ viewer: user, filters }));
  return new Response(body, {
    headers: {
      "content-type": exportContentType[format],
      "content-disposition": `attachment; filename="${exportFilename(format)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
