import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/logs/export/route";
import { flushLogs, logger } from "@/server/logger";
import { makeUser } from "@/tests/support/auth";

let admin: Awaited<ReturnType<typeof makeUser>>;
let user: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  admin = await makeUser("admin");
  user = await makeUser("user");
  logger.info("t-export", "first line", { rows: 3 }, { userId: user.user.id, taskId: "task-9" });
  logger.warn("t-export", '=HYPERLINK("http://evil")', undefined, { userId: admin.user.id });
  logger.error("t-export", 'quote " and, comma', { error: new Error("kaput") }, { userId: admin.user.id });
  await flushLogs();
});

function get(query: string, headers = admin.headers) {
  return GET(new Request(`http://localhost/api/logs/export?${query}`, { headers }));
}

describe("GET /api/logs/export", () => {
  it("exports JSON with every field, newest first", async () => {
    const res = await get("format=json&subsystems=t-export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="logs-.*\.json"$/);
    const rows = (await res.json()) as {
      message: string;
      data: unknown;
      stack: string | null;
      taskId: string | null;
    }[];
    expect(rows.map((r) => r.message)).toEqual(['quote " and, comma', '=HYPERLINK("http://evil")', "first line"]);
    expect(rows[0]!.stack).toContain("kaput");
    expect(rows[2]).toMatchObject({ data: { rows: 3 }, taskId: "task-9" });
  });

  it("exports CSV quoted and safe from formula injection", async () => {
    const res = await get("format=csv&subsystems=t-export&levels=WARNING,ERROR");
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("id,time,level,subsystem,message,correlationId,userId,taskId,agentId,workflowId,data,stack");
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain(`"quote "" and, comma"`);
    expect(text).not.toContain("first line");
  });

  it("exports TXT with one line per entry and the stack indented", async () => {
    const res = await get("format=txt&subsystems=t-export&q=first");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(
      /^\d{4}-\d\d-\d\dT.* INFO {5}\[t-export\] first line \(correlation=.* task=task-9\)\n {4}data: \{"rows":3\}\n$/,
    );
  });

  it("exports only the caller's own entries for a non-admin", async () => {
    const res = await get("format=json&subsystems=t-export", user.headers);
    expect(((await res.json()) as { message: string }[]).map((r) => r.message)).toEqual(["first line"]);
  });

  it("streams a large export", async () => {
    for (let i = 0; i < 3000; i++) logger.info("t-export-big", `bulk entry ${i}`);
    await flushLogs();
    const res = await get("format=csv&subsystems=t-export-big");
    const reader = res.body!.getReader();
    let chunks = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      lines += new TextDecoder().decode(value).split("\r\n").length - 1;
    }
    expect(chunks).toBeGreaterThan(2);
    expect(lines).toBe(3001);
  });

  it("answers bad parameters with 400 and a message", async () => {
    for (const query of [
      "",
      "format=xml",
      "format=csv&levels=LOUD",
      "format=csv&from=yesterday",
      "format=csv&bogus=1",
      "format=csv&q=a&q=b",
      `format=csv&q=${"x".repeat(300)}`,
    ]) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message.length).toBeGreaterThan(5);
    }
  });

  it("refuses anonymous callers", async () => {
    const res = await get("format=csv", new Headers());
    expect(res.status).toBe(401);
  });
});
