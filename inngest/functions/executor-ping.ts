import { inngest } from "@/inngest/client";
import { events } from "@/inngest/events";

/** Answers app/executor.ping: a one-step function that proves the backend runs functions end to end. */
export const executorPing = inngest.createFunction(
  { id: "executor-ping", retries: 0, triggers: [events.executorPing] },
  async ({ event, step }) => step.run("pong", () => ({ pong: true, note: event.data.note ?? null })),
);
