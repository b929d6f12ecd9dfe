import { executorPing } from "@/inngest/functions/executor-ping";

/** Every function the app serves at /api/inngest. */
export const functions = [executorPing];
