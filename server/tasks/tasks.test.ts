import { existsSync } from "node:fs";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { type BusEvent, eventBus } from "@/server/events";
import { canReceive } from "@/server/events-access";
import { cancelTask, retryTask } from "@/server/tasks/actions";
import { artifactForDownload, storeArtifact } from "@/server/tasks/artifacts";
import { enqueueTask } from "@/server/tasks/enqueue";
import {
  openRun,
  runCompleted,
  runErrored,
  stepFinished,
  stepStarted,
  stepsResolved,
  stepWaiting,
} from "@/server/tasks/ledger";
import { makeUser } from "@/tests/support/auth";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    return err instanceof TRPCError ? err.code : String(err);
  }
}

function task(
  ownerId: string | null,
  over: Partial<{
    status: string;
    kind: string;
    title: string;
    agentId: string;
    createdAt: Date;
    eventName: string;
    input: string;
  }> = {},
) {
  return db.task.create({ data: { kind: "job", title: "A task", ownerId, ...over } });
}

describe("tasks router", () => {
  it("shows a user only their tasks and an admin all of them", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    const mine = await task(user.user.id, { title: "mine-1" });
    const theirs = await task(admin.user.id, { title: "theirs-1" });
    const system = await task(null, { title: "system-1" });

    const listed = await user.caller.tasks.list({});
    expect(listed.items.map((t) => t.id)).toEqual([mine.id]);
    const all = (await admin.caller.tasks.list({ limit: 200 })).items.map((t) => t.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id, system.id]));

    expect((await user.caller.tasks.get({ id: mine.id })).title).toBe("mine-1");
    expect(await codeOf(user.caller.tasks.get({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(user.caller.tasks.get({ id: system.id }))).toBe("NOT_FOUND");
    expect(await codeOf(user.caller.tasks.cancel({ id: theirs.id }))).toBe("NOT_FOUND");

    const counts = await user.caller.tasks.counts();
    expect(counts).toEqual({ queued: 1, running: 0, waiting: 0, paused: 0, succeeded: 0, failed: 0, cancelled: 0 });
  });

  it("filters by status, kind, agent, date and search, and pages with a cursor", async () => {
    const { user, caller } = await makeUser("user");
    const old = await task(user.id, {
      title: "Nightly backup",
      status: "succeeded",
      kind: "job",
      createdAt: new Date("2020-01-01"),
    });
    const a = await task(user.id, { title: "Index documents", status: "running", kind: "ingest", agentId: "agent-7" });
    const b = await task(user.id, { title: "Summarise mail", status: "failed", kind: "mail" });

    const ids = async (filters: object) => (await caller.tasks.list({ filters })).items.map((t) => t.id);
    expect(await ids({ statuses: ["running", "failed"] })).toEqual([b.id, a.id]);
    expect(await ids({ kinds: ["ingest"] })).toEqual([a.id]);
    expect(await ids({ agentId: "agent-7" })).toEqual([a.id]);
    expect(await ids({ to: new Date("2021-01-01") })).toEqual([old.id]);
    expect(await ids({ from: new Date("2021-01-01") })).toEqual([b.id, a.id]);
    expect(await ids({ q: "mail" })).toEqual([b.id]);
    expect(await ids({ q: a.id.slice(0, 10) })).toEqual([a.id]);

    const first = await caller.tasks.list({ limit: 2 });
    expect(first.items.map((t) => t.id)).toEqual([b.id, a.id]);
    const second = await caller.tasks.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.id)).toEqual([old.id]);
    expect(second.nextCursor).toBeNull();
  });

  it("lists an origin's tasks and the agents of the viewer's tasks, both only the viewer's own", async () => {
    const { user, caller } = await makeUser("user");
    const other = await makeUser("user");
    const agent = await db.agent.create({
      data: { name: `Scout ${Date.now()}`, role: "r", avatar: "{}", systemPrompt: "s", ownerId: user.id },
    });
    const fromChat = await db.task.create({
      data: {
        kind: "chat",
        title: "from chat",
        ownerId: user.id,
        originType: "chat",
        originId: "s1",
        agentId: agent.id,
      },
    });
    await db.task.create({
      data: {
        kind: "chat",
        title: "someone else's",
        ownerId: other.user.id,
        originType: "chat",
        originId: "s1",
        agentId: "gone-agent",
      },
    });
    await db.task.create({
      data: {
        kind: "job",
        title: "from a job",
        ownerId: user.id,
        originType: "job",
        originId: "j1",
        agentId: "deleted-agent-42",
      },
    });
    expect((await caller.tasks.byOrigin({ originType: "chat", originId: "s1" })).map((t) => t.id)).toEqual([
      fromChat.id,
    ]);
    expect(await caller.tasks.byOrigin({ originType: "workflow", originId: "s1" })).toEqual([]);
    expect(await codeOf(caller.tasks.byOrigin({ originType: "planet" as never, originId: "s1" }))).toBe("BAD_REQUEST");
    expect(await caller.tasks.agents()).toEqual([
      { id: "deleted-agent-42", name: "Deleted agent ent-42" },
      { id: agent.id, name: agent.name },
    ]);
  });

  it("answers unknown ids with 404 and bad filters with 400", async () => {
    const { caller } = await makeUser("admin");
    expect(await codeOf(caller.tasks.get({ id: "nope123" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.tasks.get({ id: "../etc" }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.list({ limit: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.list({ limit: 201 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.list({ filters: { statuses: ["sleeping" as never] } }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.list({ filters: { kinds: ["python" as never] } }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.list({ filters: { q: "x".repeat(201) } }))).toBe("BAD_REQUEST");
    expect(
      await codeOf(caller.tasks.list({ filters: { from: new Date("2030-01-01"), to: new Date("2020-01-01") } })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.deleteFinished({ ids: [] }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.deleteFinished({}))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.tasks.deleteFinished({ everything: true } as never))).toBe("BAD_REQUEST");
  });

  it("cancels active tasks with their children, refuses finished ones, and deletes only finished tasks", async () => {
    const { user, caller } = await makeUser("user");
    const parent = await task(user.id, { status: "running" });
    const child = await db.task.create({
      data: { kind: "agent", title: "child", ownerId: user.id, status: "waiting", parentId: parent.id },
    });
    const done = await task(user.id, { status: "succeeded" });

    expect(await caller.tasks.cancel({ id: parent.id })).toEqual({ cancelled: 2 });
    const after = await caller.tasks.get({ id: parent.id });
    expect(after).toMatchObject({ status: "cancelled", cancelRequested: true });
    expect(after.children).toEqual([expect.objectContaining({ id: child.id, status: "cancelled" })]);
    expect(await codeOf(caller.tasks.cancel({ id: done.id }))).toBe("CONFLICT");

    const running = await task(user.id, { status: "running" });
    expect(await caller.tasks.deleteFinished({ ids: [running.id, done.id] })).toEqual({ deleted: 1 });
    expect(await caller.tasks.deleteFinished({ all: true })).toEqual({ deleted: 2 });
    expect((await caller.tasks.list({})).items.map((t) => t.id)).toEqual([running.id]);
  });

  it("retries a finished task as a new linked run with the same inputs", async () => {
    const { user, caller } = await makeUser("user");
    const sent: { name: string; data: Record<string, unknown> }[] = [];
    const failed = await task(user.id, {
      status: "failed",
      eventName: "app/report.build",
      input: JSON.stringify({ month: "2026-10" }),
    });
    const retry = await retryTask(
      { viewer: { id: user.id, role: "user" }, id: failed.id },
      async (e) => void sent.push(e),
    );
    expect(sent).toEqual([{ name: "app/report.build", data: { month: "2026-10", ledgerTaskId: retry.id } }]);
    expect(retry).toMatchObject({ status: "queued", retryOfId: failed.id, ownerId: user.id });
    expect((await caller.tasks.get({ id: failed.id })).retries.map((r) => r.id)).toEqual([retry.id]);

    expect(await codeOf(caller.tasks.retry({ id: retry.id }))).toBe("CONFLICT");
    const cron = await task(user.id, { status: "failed", eventName: "inngest/scheduled.timer" });
    expect(await codeOf(caller.tasks.retry({ id: cron.id }))).toBe("BAD_REQUEST");

    const broken = await enqueueTask(
      { kind: "manual", title: "x", eventName: "app/x", data: {}, ownerId: user.id },
      async () => {
        throw new Error("executor down");
      },
    );
    expect(broken).toMatchObject({ status: "failed", error: "The run could not be started: Error: executor down" });
  });
});

describe("ledger lifecycle", () => {
  it("records a run idempotently: replays and duplicate requests change nothing", async () => {
    const seen: BusEvent[] = [];
    const stop = eventBus.subscribe(["tasks"], (e) => seen.push(e));
    const run = {
      runId: "run-ledger-1",
      functionId: "app-report",
      functionName: "Build report",
      eventName: "app/report",
      eventData: { month: 10 },
      attempt: 0,
    };
    const t = await openRun(run);
    expect(await openRun(run)).toMatchObject({ id: t.id, status: "running" });

    await stepStarted(t, { stepId: "h1", name: "fetch", type: "run" }, 0);
    await stepFinished(t, "h1", { ok: false, error: new Error("flaky"), final: false });
    await stepStarted(t, { stepId: "h1", name: "fetch", type: "run" }, 1);
    await stepFinished(t, "h1", { ok: true });
    await stepWaiting(t, { stepId: "h2", name: "cool-down", type: "sleep" });
    expect((await db.task.findUnique({ where: { id: t.id } }))!.status).toBe("waiting");
    await openRun({ ...run });
    await stepsResolved(t, { ok: ["h1", "h2"], failed: [] });
    await stepsResolved(t, { ok: [], failed: ["h2"] });
    await runCompleted(t, { ok: true });
    await runErrored(t, new Error("late"), true, 0);

    const row = await db.task.findUniqueOrThrow({
      where: { id: t.id },
      include: { steps: { orderBy: { seq: "asc" } } },
    });
    expect(row).toMatchObject({
      status: "succeeded",
      progress: 100,
      output: '{"ok":true}',
      input: '{"month":10}',
      kind: "job",
      ownerId: null,
    });
    expect(row.steps.map((s) => [s.name, s.status, s.attempt])).toEqual([
      ["fetch", "succeeded", 1],
      ["cool-down", "succeeded", 0],
    ]);
    expect(await db.task.count({ where: { runId: "run-ledger-1" } })).toBe(1);
    stop();
    expect(seen.map((e) => (e as BusEvent<"tasks">).data.change)).toContain("created");
    expect(seen.every((e) => e.userId === undefined)).toBe(true);
  });

  it("attaches a run to the task created before its event, keeps a cancelled task cancelled", async () => {
    const { user } = await makeUser("user");
    const queued = await enqueueTask(
      { kind: "agent", title: "Research", eventName: "app/agent.run", data: { prompt: "hi" }, ownerId: user.id },
      async () => undefined,
    );
    const run = {
      runId: "run-ledger-2",
      functionId: "agent",
      functionName: "Agent",
      eventName: "app/agent.run",
      eventData: { prompt: "hi", ledgerTaskId: queued.id },
      attempt: 0,
    };
    const t = await openRun(run);
    expect(t).toMatchObject({ id: queued.id, ownerId: user.id, status: "running" });
    await cancelTask({ viewer: { id: user.id, role: "user" }, id: queued.id });
    expect((await openRun(run)).status).toBe("cancelled");
    await runCompleted(t, "done");
    await runErrored(t, new Error("stopped"), true, 0);
    expect((await db.task.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("cancelled");
  });

  it("stores artifacts under the data directory and serves them only to the task's viewers", async () => {
    const owner = await makeUser("user");
    const other = await makeUser("user");
    const t = await task(owner.user.id);
    const a = await storeArtifact({ taskId: t.id, name: "../../report.csv", mime: "text/csv", data: "a,b\n1,2\n" });
    expect(a).toMatchObject({ name: "report.csv", size: 8 });
    const file = await artifactForDownload({
      viewer: { id: owner.user.id, role: "user" },
      taskId: t.id,
      artifactId: a.id,
    });
    expect(existsSync(file.file)).toBe(true);
    await expect(
      artifactForDownload({ viewer: { id: other.user.id, role: "user" }, taskId: t.id, artifactId: a.id }),
    ).rejects.toThrow("not found");
    expect((await owner.caller.tasks.get({ id: t.id })).artifacts).toHaveLength(1);
    await owner.caller.tasks.deleteFinished({ all: true });
  });

  it("sends task events to the owner and admins only", () => {
    const event = {
      id: "b-1",
      seq: 1,
      topic: "tasks",
      time: 0,
      userId: "u1",
      data: { taskId: "t", change: "status" },
    } as BusEvent;
    expect(canReceive({ id: "u1", role: "user" }, event)).toBe(true);
    expect(canReceive({ id: "u2", role: "user" }, event)).toBe(false);
    expect(canReceive({ id: "a", role: "admin" }, event)).toBe(true);
    expect(canReceive({ id: "u2", role: "user" }, { ...event, userId: undefined })).toBe(false);
  });
});
