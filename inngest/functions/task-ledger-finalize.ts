import type { Inngest } from "inngest";
import { RUN_EVENT } from "@/inngest/events/names";
import { LEDGER_FINALIZE_FUNCTION } from "@/lib/tasks/constants";
import { runEndedByBackend } from "@/server/tasks/ledger";

interface EndedRun {
  run_id?: string;
  error?: unknown;
}

/**
 * Closes the task of a run that the backend failed or cancelled without the SDK seeing the end
 * (the ledger middleware records everything else). Real Inngest emits the same events.
 */
export function createTaskLedgerFinalize(client: Inngest.Any) {
  return client.createFunction(
    {
      id: LEDGER_FINALIZE_FUNCTION,
      name: "Task ledger: close ended runs",
      retries: 2,
      triggers: [{ event: RUN_EVENT.functionFailed }, { event: RUN_EVENT.functionCancelled }],
    },
    async ({ event }) => {
      const data = (event.data ?? {}) as EndedRun;
      if (typeof data.run_id !== "string") return { closed: false };
      const status = event.name === RUN_EVENT.functionCancelled ? "cancelled" : "failed";
      return { closed: await runEndedByBackend(data.run_id, status, data.error) };
    },
  );
}
