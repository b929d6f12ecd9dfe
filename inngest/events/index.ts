import { eventType, staticSchema } from "inngest";
import { EVENT } from "@/inngest/events/names";
import type { AgentRunData } from "@/lib/tasks/agent-run-input";
import type { IngestFileRequest } from "@/server/knowledge/ingest-file";
import type { ReembedRequest } from "@/server/knowledge/reembed";
import type { TeamRunData } from "@/server/teams/start";

/**
 * The event catalogue: each event's name (from ./names.ts) with the shape of its data. Functions
 * trigger on these and the SDK types `event.data` from them; each function still validates its
 * data with the zod schema next to the type, since a real Inngest server accepts any payload.
 */
export const events = {
  executorPing: eventType(EVENT.executorPing, { schema: staticSchema<{ note?: string }>() }),
  ingestDocument: eventType(EVENT.ingestDocument, { schema: staticSchema<IngestFileRequest>() }),
  reembedNamespace: eventType(EVENT.reembedNamespace, { schema: staticSchema<ReembedRequest>() }),
  agentRun: eventType(EVENT.agentRun, { schema: staticSchema<AgentRunData>() }),
  teamRun: eventType(EVENT.teamRun, { schema: staticSchema<TeamRunData>() }),
  jobRun: eventType(EVENT.jobRun, { schema: staticSchema<{ jobId: string }>() }),
};

export { APP_EVENT_PREFIX, EVENT, RUN_EVENT, RUN_EVENT_PREFIX } from "@/inngest/events/names";
