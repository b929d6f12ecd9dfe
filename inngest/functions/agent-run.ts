import { type Inngest, NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { events } from "@/inngest/events";
import { retryBackoff } from "@/inngest/retry-backoff";
import { recordAgentFailure } from "@/server/agents/failures";
import { currentContext } from "@/server/request-context";
import { answerPrompt } from "@/server/tasks/agent-prompt";
import { agentRunDataSchema } from "@/lib/tasks/agent-run-input";
import { loadPromptSettings } from "@/server/tasks/agent-settings";
import { reportProgress, saveArtifact } from "@/server/tasks/progress";

const DEFAULT_RETRIES = 2;

const attemptLabel = (attempt: number) => (attempt === 1 ? "" : ` (retry ${attempt - 1})`);

async function withDeadline<T>(
  seconds: number | undefined,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!seconds) return run(undefined);
  const signal = AbortSignal.timeout(seconds * 1000);
  try {
    return await run(signal);
  } catch (err) {
    if (signal.aborted) throw new Error(`The model did not answer within the job's timeout of ${seconds} s.`);
    throw err;
  }
}

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * Runs an agent (or a model) on a prompt as a task: optionally waits until `runAt`, asks the
 * model with the agent's settings and tools (the same tool loop as chat, max turns and token
 * budget included; a tool that needs approval is refused, since nobody can approve it), and
 * keeps the answer as the task output and a Markdown file.
 */
export function createAgentRun(client: Inngest.Any) {
  return client.createFunction(
    { id: "agent-run", name: "Agent run", retries: 0, triggers: [events.agentRun] },
    async ({ event, step }) => {
      const parsed = agentRunDataSchema.safeParse(event.data);
      if (!parsed.success)
        throw new NonRetriableError(
          `The run request is not valid: ${parsed.error.issues.map((i) => i.message).join(" ")}`,
        );
      const data = parsed.data;

      // Decided by the input alone (never by the clock), so every replay reaches the same steps;
      // a time already past wakes at once.
      if (data.runAt) {
        await step.run("announce-start-time", () =>
          reportProgress(undefined, 0, `Starts at ${when.format(new Date(data.runAt!))} UTC`),
        );
        await step.sleepUntil("wait-until-start", new Date(data.runAt));
      }

      const settings = await step.run("load-agent", () =>
        loadPromptSettings({
          agentId: data.agentId ?? null,
          modelId: data.modelId ?? null,
          ownerId: currentContext()?.userId ?? null,
        }),
      );

      // Retries are durable steps of their own (the function itself never retries), so a job's
      // retry count and timeout apply, and every attempt shows on the Tasks page.
      const retries = data.retries ?? DEFAULT_RETRIES;
      const ask = () =>
        step.run(`ask-model${attemptLabel(attempt)}`, async () => {
          await reportProgress(undefined, 10, `Asking ${settings.modelId ?? "the default model"}`);
          const result = await withDeadline(data.timeoutSeconds, (signal) =>
            answerPrompt({
              prompt: data.prompt,
              settings,
              userId: currentContext()?.userId ?? null,
              runId: currentContext()?.taskId ?? null,
              signal,
            }),
          );
          await reportProgress(undefined, 80, `Answered by ${result.model}`);
          return result;
        });
      let attempt = 1;
      let answer: Awaited<ReturnType<typeof ask>>;
      for (;;) {
        try {
          answer = await ask();
          break;
        } catch (err) {
          if (attempt > retries) {
            const message = err instanceof Error ? err.message : String(err);
            // Counts toward the agent's automatic disabling (5 failed runs in 5 minutes).
            if (settings.agentId)
              await step.run("record-agent-failure", () => recordAgentFailure(settings.agentId!, { reason: message }));
            throw new NonRetriableError(message);
          }
          await step.sleep(`wait before retry ${attempt}`, retryBackoff(attempt));
          attempt++;
        }
      }

      await step.run("save-answer", async () => {
        const heading = settings.agentName ? `# ${settings.agentName}` : "# Answer";
        const markdown = `${heading}\n\n**Prompt**\n\n${data.prompt}\n\n**Answer** (${answer.model})\n\n${answer.text}\n`;
        await saveArtifact(undefined, { name: "answer.md", mime: "text/markdown", data: markdown });
        await reportProgress(undefined, 100, "Answer saved");
      });

      // Token counts under "usage": key names with "token" in them are redacted from the ledger.
      return {
        answer: answer.text,
        model: answer.model,
        usage: { input: answer.inputTokens, output: answer.outputTokens },
      };
    },
  );
}

export const agentRun = createAgentRun(inngest);
