import { inngest } from "@/inngest/client";
import { agentRun } from "@/inngest/functions/agent-run";
import { executorPing } from "@/inngest/functions/executor-ping";
import { ingestDocument } from "@/inngest/functions/ingest-document";
import { kbReembed } from "@/inngest/functions/kb-reembed";
import { createJobEvents } from "@/inngest/functions/job-events";
import { createJobRun } from "@/inngest/functions/job-run";
import { createScheduler } from "@/inngest/functions/scheduler";
import { createTaskLedgerFinalize } from "@/inngest/functions/task-ledger-finalize";
import { teamRun } from "@/inngest/functions/team-run";

/** Every function the app serves at /api/inngest. */
export const functions = [
  executorPing,
  agentRun,
  createTaskLedgerFinalize(inngest),
  createScheduler(inngest),
  createJobRun(inngest),
  createJobEvents(inngest),
  ingestDocument,
  kbReembed,
  teamRun,
];
