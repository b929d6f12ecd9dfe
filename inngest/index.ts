import { inngest } from "@/inngest/client";
import { agentRun } from "@/inngest/functions/agent-run";
import { executorPing } from "@/inngest/functions/executor-ping";
import { createTaskLedgerFinalize } from "@/inngest/functions/task-ledger-finalize";

/** Every function the app serves at /api/inngest. */
export const functions = [executorPing, agentRun, createTaskLedgerFinalize(inngest)];
