import type { Inngest } from "inngest";
import { EVENT } from "@/inngest/events/names";
import { dispatchEvent } from "@/server/automation/scheduler";
import { LEDGER_PARENT_KEY, LEDGER_TASK_KEY } from "@/lib/tasks/constants";

/** Starts the event-triggered jobs whose event and filter match an app/* event. */
export function createJobEvents(client: Inngest.Any) {
  const send = async (e: { name: string; data: Record<string, unknown> }) => client.send(e);
  return client.createFunction(
    {
      id: "automation-event-jobs",
      name: "Automation: event-triggered jobs",
      retries: 2,
      triggers: [{ event: EVENT.anyAppEvent }],
    },
    async ({ event, step }) =>
      step.run("start matching jobs", async () => {
        const {
          [LEDGER_TASK_KEY]: _t,
          [LEDGER_PARENT_KEY]: _p,
          ...data
        } = (event.data ?? {}) as Record<string, unknown>;
        return { started: await dispatchEvent({ name: String(event.name), data }, send) };
      }),
  );
}
