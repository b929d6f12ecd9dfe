/**
 * The event catalogue's names: every Inngest event the app sends or triggers on, defined once.
 * Plain strings with no SDK import, so services and routers can name an event without loading
 * the Inngest SDK; the typed definitions with their data schemas are in ./index.ts.
 * tests/architecture/event-names.test.ts fails on an event-name literal anywhere else.
 */
export const EVENT = {
  executorPing: "app/executor.ping",
  ingestDocument: "kb/document.ingest",
  reembedNamespace: "kb/namespace.reembed",
  agentRun: "agent/run.requested",
  teamRun: "team/run.requested",
  jobRun: "automation/job.run",
  /** Event-triggered Automation jobs listen to every event under app/ (their names are the users'). */
  anyAppEvent: "app/*",
} as const;

/** Events the executor (or a real Inngest server) emits about runs; the app only listens to them. */
export const RUN_EVENT = {
  functionInvoked: "inngest/function.invoked",
  functionFailed: "inngest/function.failed",
  functionCancelled: "inngest/function.cancelled",
  functionFinished: "inngest/function.finished",
  scheduledTimer: "inngest/scheduled.timer",
} as const;

/** The prefix of the executor's own events; a task whose event has it cannot be re-sent as is. */
export const RUN_EVENT_PREFIX = "inngest/";

/** The prefix users' custom events must have, so they cannot trigger the app's own functions. */
export const APP_EVENT_PREFIX = "app/";

export type EventName = (typeof EVENT)[keyof typeof EVENT];
