import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { seedBuiltinJobs } from "@/server/automation/seed";
import { makeUser } from "@/tests/support/auth";

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
    return { code: "OK", message: "" };
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
}

const agentJob = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  type: "agent",
  params: { prompt: "Summarise yesterday's logs" },
  trigger: { type: "cron", cron: "0 8 * * 1-5", timeZone: "Europe/Berlin" },
  ...over,
});

describe("automation router", () => {
  it("seeds the four built-in jobs once, whatever the number of starts", async () => {
    expect((await seedBuiltinJobs()).sort()).toEqual(["backup", "cleanup", "health_check", "log_retention"]);
    expect(await seedBuiltinJobs()).toEqual([]);
    const jobs = await db.job.findMany({ where: { system: true } });
    expect(jobs).toHaveLength(4);
    expect(jobs.find((j) => j.name === "health_check")).toMatchObject({
      triggerType: "interval",
      intervalSeconds: 30,
      ownerId: null,
    });
    expect(jobs.every((j) => j.nextRunAt !== null)).toBe(true);
  });

  it("validates input with messages a person understands", async () => {
    const { caller } = await makeUser("admin");
    const cases: [Record<string, unknown>, RegExp][] = [
      [agentJob(""), /Give the job a name/],
      [agentJob("bad cron", { trigger: { type: "cron", cron: "61 * * * *", timeZone: "UTC" } }), /outside 0-59/],
      [
        agentJob("bad zone", { trigger: { type: "cron", cron: "0 * * * *", timeZone: "Mars/Olympus" } }),
        /Unknown time zone/,
      ],
      [agentJob("too often", { trigger: { type: "interval", seconds: 1 } }), /shortest interval is 5 seconds/],
      [
        agentJob("bad event", { trigger: { type: "event", event: "inngest/function.finished" } }),
        /starts with "app\/"/,
      ],
      [
        agentJob("bad filter", { trigger: { type: "event", event: "app/x", filter: "event.data.x ==" } }),
        /cannot be evaluated/,
      ],
      [agentJob("no prompt", { params: {} }), /params\.prompt/],
      [
        { ...agentJob("bad backup"), type: "builtin", builtinKey: "backup", params: { keep: 0 } },
        /Keep at least one backup/,
      ],
      [{ ...agentJob("workflow"), type: "workflow" }, /Workflow jobs arrive with the Workflows page/],
    ];
    for (const [input, message] of cases) {
      const e = await errorOf(caller.automation.create(input));
      expect(e.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(e.message).toMatch(message);
    }
    await caller.automation.create(agentJob("unique"));
    expect(await errorOf(caller.automation.create(agentJob("unique")))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already exists"),
    });
  });

  it("lets users own agent jobs only, hides other people's jobs, and keeps the scheduler switch for admins", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    const other = await makeUser("user");
    const mine = await user.caller.automation.create(agentJob("user agent job"));
    expect(mine.ownerId).toBe(user.user.id);
    expect(
      (
        await errorOf(
          user.caller.automation.create({
            ...agentJob("user builtin"),
            type: "builtin",
            builtinKey: "backup",
            params: {},
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect((await other.caller.automation.list()).map((j) => j.id)).not.toContain(mine.id);
    expect((await errorOf(other.caller.automation.get({ id: mine.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(other.caller.automation.delete({ id: mine.id }))).code).toBe("NOT_FOUND");
    expect((await admin.caller.automation.list()).map((j) => j.id)).toContain(mine.id);
    expect((await errorOf(user.caller.automation.pauseAll())).code).toBe("FORBIDDEN");
    const system = (await admin.caller.automation.list()).find((j) => j.system);
    if (system)
      expect((await errorOf(admin.caller.automation.delete({ id: system.id }))).message).toMatch(/cannot be deleted/);
  });

  it("validates a schedule into its next 5 run times", async () => {
    const { caller } = await makeUser("user");
    const r = await caller.automation.validate({
      trigger: { type: "cron", cron: "*/10 * * * *", timeZone: "Asia/Baghdad" },
    });
    expect(r.next).toHaveLength(5);
    expect(r.next[1]!.getTime() - r.next[0]!.getTime()).toBe(600_000);
    expect(r.description).toBe("Cron */10 * * * * (Asia/Baghdad)");
  });

  it("refuses dependency cycles and deleting a job others depend on", async () => {
    const { caller } = await makeUser("admin");
    const a = await caller.automation.create(agentJob("dep a"));
    const b = await caller.automation.create(agentJob("dep b", { dependsOn: [a.id] }));
    const cycle = await errorOf(caller.automation.update({ id: a.id, job: agentJob("dep a", { dependsOn: [b.id] }) }));
    expect(cycle).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("cycle") });
    expect((await errorOf(caller.automation.delete({ id: a.id }))).message).toContain("dep b");
    await caller.automation.delete({ id: b.id });
    await caller.automation.delete({ id: a.id });
  });

  it("duplicates (disabled), toggles, exports and re-imports all or nothing", async () => {
    const { caller } = await makeUser("admin");
    const head = await caller.automation.create(agentJob("export head"));
    await caller.automation.create(agentJob("export tail", { dependsOn: [head.id] }));
    const copy = await caller.automation.duplicate({ id: head.id });
    expect(copy).toMatchObject({ name: "export head (copy)", enabled: false, nextRunAt: null });
    expect((await caller.automation.duplicate({ id: head.id })).name).toBe("export head (copy 2)");
    const on = await caller.automation.setEnabled({ id: copy.id, enabled: true });
    expect(on.nextRunAt).not.toBeNull();

    const exported = await caller.automation.export({
      ids: [head.id, (await caller.automation.list()).find((j) => j.name === "export tail")!.id],
    });
    expect(exported.jobs.map((j) => [j.name, j.dependsOnNames])).toEqual([
      ["export head", []],
      ["export tail", ["export head"]],
    ]);
    // Re-importing the same file changes nothing.
    expect(await caller.automation.import(exported)).toEqual({ created: [], skipped: ["export head", "export tail"] });
    const renamed = {
      ...exported,
      jobs: exported.jobs.map((j) => ({
        ...j,
        name: `${j.name} 2`,
        dependsOnNames: j.dependsOnNames.map((n) => `${n} 2`),
      })),
    };
    expect(await caller.automation.import(renamed)).toEqual({
      created: ["export head 2", "export tail 2"],
      skipped: [],
    });
    const tail2 = await db.job.findUniqueOrThrow({ where: { name: "export tail 2" } });
    const head2 = await db.job.findUniqueOrThrow({ where: { name: "export head 2" } });
    expect(JSON.parse(tail2.dependsOn)).toEqual([head2.id]);
    // One bad job: nothing of the file is written.
    const bad = { version: 1, jobs: [agentJob("fine one"), agentJob("broken", { params: {} })] };
    expect((await errorOf(caller.automation.import(bad))).message).toMatch(/Job 2 \("broken"\)/);
    expect(await db.job.count({ where: { name: "fine one" } })).toBe(0);
    expect((await errorOf(caller.automation.import({ version: 9, jobs: [] }))).code).toBe("BAD_REQUEST");
  });
});
