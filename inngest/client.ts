import { Inngest } from "inngest";
import { TaskLedgerMiddleware } from "@/inngest/middleware/task-ledger";
import { inngestClientOptions } from "@/server/executor/config";

/**
 * The app's one Inngest client. Which backend runs the functions (the embedded executor or a
 * real Inngest server) is chosen by environment only; see docs/executor.md.
 */
export const inngest = new Inngest({
  id: "local-agent-platform",
  // Every run and step lands in the Task ledger (server/tasks).
  middleware: [TaskLedgerMiddleware],
  ...inngestClientOptions(),
});

// Event names and their data live in the event catalogue, inngest/events/: send and trigger
// with those, never with string literals.
