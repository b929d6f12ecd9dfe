import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { startNewTask } from "@/server/tasks/new-task";
import { makeUser } from "@/tests/support/auth";

type Sent = { name: string; data: Record<string, unknown> };
const viewerOf = (u: { id: string; email: string }) => ({ id: u.id, email: u.email, role: "user" as const });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code,
  );

async function agentOf(ownerId: string, status = "active") {
  return db.agent.create({
    data: { name: `Helper ${Math.random()}`, role: "helps", avatar: "{}", systemPrompt: "Help.", ownerId, status },
  });
}

describe("New task", () => {
  it("runs an agent's prompt now as an agent task owned by the user", async () => {
    const { user } = await makeUser("user");
    const agent = await agentOf(user.id);
    const sent: Sent[] = [];
    const res = await startNewTask(
      viewerOf(user),
      { prompt: "Summarise the week\nin three lines", agentId: agent.id, when: { type: "now" } },
      async (e) => void sent.push(e),
    );
    expect(res).toMatchObject({ kind: "task", status: "queued" });
    const task = await db.task.findUniqueOrThrow({ where: { id: res.id } });
    expect(task).toMatchObject({
      kind: "agent",
      ownerId: user.id,
      agentId: agent.id,
      eventName: "agent/run.requested",
      title: `${agent.name}: Summarise the week`,
    });
    expect(sent).toEqual([
      {
        name: "agent/run.requested",
        data: { prompt: "Summarise the week\nin three lines", agentId: agent.id, ledgerTaskId: task.id },
      },
    ]);
  });

  it("schedules a run at a future time, refusing past times", async () => {
    const { user } = await makeUser("user");
    const now = new Date("2026-11-25T10:00:00Z");
    const sent: Sent[] = [];
    const at = new Date("2026-11-25T12:30:00Z");
    await startNewTask(
      viewerOf(user),
      { prompt: "Later", modelId: "ollama:llama3.2:latest", when: { type: "at", at } },
      async (e) => void sent.push(e),
      now,
    );
    expect(sent[0]!.data).toMatchObject({
      prompt: "Later",
      modelId: "ollama:llama3.2:latest",
      runAt: "2026-11-25T12:30:00.000Z",
    });
    expect(
      await codeOf(
        startNewTask(
          viewerOf(user),
          { prompt: "x", when: { type: "at", at: new Date("2026-11-25T09:00:00Z") } },
          async () => undefined,
          now,
        ),
      ),
    ).toBe("BAD_REQUEST");
  });

  it("creates an agent job for a cron schedule", async () => {
    const { user } = await makeUser("user");
    const res = await startNewTask(viewerOf(user), {
      prompt: "Morning digest",
      when: { type: "cron", name: `Digest ${Date.now()}`, cron: "0 8 * * 1-5", timeZone: "Europe/Berlin" },
    });
    expect(res.kind).toBe("job");
    const job = await db.job.findUniqueOrThrow({ where: { id: res.id } });
    expect(job).toMatchObject({ type: "agent", ownerId: user.id });
    expect(JSON.parse(job.params)).toEqual({ prompt: "Morning digest" });
    expect(
      await codeOf(
        startNewTask(viewerOf(user), {
          prompt: "x",
          when: { type: "cron", name: "Bad", cron: "every day", timeZone: "Europe/Berlin" },
        }),
      ),
    ).toBe("BAD_REQUEST");
  });

  it("refuses other people's agents and agents that are switched off", async () => {
    const { user } = await makeUser("user");
    const other = await makeUser("user");
    const theirs = await agentOf(other.user.id);
    const paused = await agentOf(user.id, "paused");
    expect(
      await codeOf(
        startNewTask(viewerOf(user), { prompt: "x", agentId: theirs.id, when: { type: "now" } }, async () => undefined),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        startNewTask(viewerOf(user), { prompt: "x", agentId: paused.id, when: { type: "now" } }, async () => undefined),
      ),
    ).toBe("CONFLICT");
  });
});
