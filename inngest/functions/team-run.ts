import { type Inngest, NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { events } from "@/inngest/events";
import {
  executeTurn,
  finishTeamRun,
  planTurn,
  reviewTurn,
  type RunSetup,
  startTeamRun,
  type TurnOutcome,
} from "@/server/teams/turns";

type Finish = Extract<TurnOutcome, { next: "finish" }>;

/**
 * A team working one goal in a chat: the planner plans, executors carry out the steps, the
 * planner reviews, round after round. Every agent turn is one durable step (memoised: a restart
 * resumes after the last finished turn) and the outcome of each decides the next, so replays
 * take the same path. Stop rules (rounds, phrase/regex, timeout) are decided inside the turns.
 */
export function createTeamRun(client: Inngest.Any) {
  return client.createFunction(
    { id: "team-run", name: "Team run", retries: 0, triggers: [events.teamRun] },
    async ({ event, step }) => {
      const runId = event.data.teamRunId;
      if (typeof runId !== "string" || !runId) throw new NonRetriableError("The team run request names no run.");

      const started = await step.run("start", () => startTeamRun(runId));
      let end: Finish;
      if ("next" in started) {
        end = started as Finish;
      } else {
        const setup: RunSetup = started;
        end = await work(setup);
      }
      await step.run("finish", () => finishTeamRun(runId, end));
      if (end.status === "failed") throw new NonRetriableError(end.error ?? "The team run failed.");
      return { status: end.status, reason: end.reason };

      async function work(setup: RunSetup): Promise<Finish> {
        let outcome = (await step.run("plan (round 1)", () => planTurn(setup))) as TurnOutcome;
        for (let round = 1; ; round++) {
          if (outcome.next === "finish") return outcome;
          if (outcome.next === "execute") {
            for (const stepId of outcome.pending) {
              const done = (await step.run(`execute ${stepId}`, () => executeTurn(setup, stepId))) as TurnOutcome;
              if (done.next === "finish") return done;
            }
          }
          outcome = (await step.run(`review (round ${round})`, () => reviewTurn(setup))) as TurnOutcome;
        }
      }
    },
  );
}

export const teamRun = createTeamRun(inngest);
