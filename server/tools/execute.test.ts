import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { setSourceTools } from "@/server/ai/tools/registry";
import { defineTool, type ToolRisk } from "@/lib/tools/types";
import { db } from "@/server/db";
import { applySettings } from "@/server/settings/settings";
import { executeToolCall, recordRejectedToolCall } from "@/server/tools/execute";
import { makeUser } from "@/tests/support/auth";

const actor = { id: "admin", email: "admin@example.test" };
const userId = "user-1";

function testTool(
  name: string,
  risk: ToolRisk,
  run: (input: { text: string }, signal: AbortSignal) => Promise<string>,
  needsApproval = false,
) {
  return defineTool({
    name,
    description: "test tool",
    inputSchema: z.strictObject({ text: z.string().max(50) }),
    risk,
    needsApproval,
    execute: (input, ctx) => run(input, ctx.signal),
  });
}

beforeEach(async () => {
  await db.setting.deleteMany();
  await db.toolCall.deleteMany();
  setSourceTools("test", [
    testTool("t_echo", "safe", async (i) => i.text),
    testTool("t_net", "network", async () => "fetched"),
    testTool("t_code", "code", async () => "ran"),
    testTool("t_shell", "shell", async () => "shelled"),
    testTool("t_approve", "writes_files", async () => "written", true),
    testTool("t_big", "safe", async () => "x".repeat(5000)),
    // Ignores its signal on purpose: the executor must still return at the timeout.
    testTool("t_hang", "safe", () => new Promise<string>(() => undefined)),
    testTool("t_throw", "safe", async () => {
      throw new Error("disk on fire");
    }),
  ]);
});

afterEach(() => setSourceTools("test", []));

const call = (
  name: string,
  input: unknown,
  allowedTools: string[] = [name],
  extra: Partial<Parameters<typeof executeToolCall>[0]> = {},
) => executeToolCall({ name, input, userId, allowedTools, agentId: "agent-1", runId: "run-1", ...extra });

describe("executeToolCall policy", () => {
  it("runs an allowed safe tool and records it", async () => {
    const result = await call("t_echo", { text: "hello" });
    expect(result).toMatchObject({ status: "ok", output: "hello" });
    const row = await db.toolCall.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({
      tool: "t_echo",
      status: "ok",
      agentId: "agent-1",
      runId: "run-1",
      userId,
      outputSize: 5,
    });
    expect(JSON.parse(row.input)).toEqual({ text: "hello" });
  });

  it("denies a tool that is not on the agent's allow-list, and records the denial", async () => {
    const result = await call("t_echo", { text: "x" }, ["files_read"]);
    expect(result.status).toBe("denied");
    expect(result.output).toMatch(/not on this agent's allow-list/);
    expect(await db.toolCall.count({ where: { status: "denied" } })).toBe(1);
  });

  it("allows a whole MCP server with a trailing wildcard, and nothing beyond its prefix", async () => {
    expect((await call("t_echo", { text: "x" }, ["t_*"])).status).toBe("ok");
    expect((await call("t_echo", { text: "x" }, ["u_*"])).status).toBe("denied");
  });

  it("denies an unknown tool", async () => {
    const result = await call("nope", {}, ["nope"]);
    expect(result).toMatchObject({ status: "denied" });
    expect(result.output).toMatch(/no tool named "nope"/);
  });

  it("keeps network and shell tools off by default, and on only after the switch", async () => {
    expect((await call("t_net", { text: "x" })).output).toMatch(/internet access/);
    expect((await call("t_shell", { text: "x" })).output).toMatch(/shell tool is off/);
    await applySettings({
      actor,
      changes: { tools: { networkEnabled: true, shellEnabled: true } },
      confirmations: ["ENABLE NETWORK", "ENABLE SHELL"],
    });
    expect((await call("t_net", { text: "x" })).status).toBe("ok");
    // The shell class is for admins' runs only (tests/security/shell-admin-only.test.ts).
    expect((await call("t_shell", { text: "x" })).output).toMatch(/only an admin's runs may use it/);
    const admin = await makeUser("admin");
    expect((await call("t_shell", { text: "x" }, ["t_shell"], { userId: admin.user.id })).status).toBe("ok");
  });

  it("Safe Mode removes network, code and shell tools even when switched on, and keeps safe ones", async () => {
    await applySettings({
      actor,
      changes: { tools: { networkEnabled: true, shellEnabled: true } },
      confirmations: ["ENABLE NETWORK", "ENABLE SHELL"],
    });
    expect((await call("t_code", { text: "x" })).status).toBe("ok");
    await applySettings({ actor, changes: { security: { safeMode: true } } });
    for (const name of ["t_net", "t_code", "t_shell"]) {
      const result = await call(name, { text: "x" });
      expect(result.status).toBe("denied");
      expect(result.output).toMatch(/Safe Mode is on/);
    }
    expect((await call("t_echo", { text: "x" })).status).toBe("ok");
  });

  it("does not run a tool that needs approval until it is approved; rejections are recorded", async () => {
    const pending = await call("t_approve", { text: "x" });
    expect(pending.status).toBe("pending_approval");
    expect((await call("t_approve", { text: "x" }, undefined, { approved: true })).output).toBe("written");
    const rejected = await recordRejectedToolCall({ name: "t_approve", input: { text: "x" }, userId });
    expect(rejected.status).toBe("rejected");
    expect(await db.toolCall.count({ where: { tool: "t_approve" } })).toBe(3);
  });

  it("answers invalid input with a precise error the model can fix", async () => {
    const result = await call("t_echo", { text: 42, extra: true });
    expect(result.status).toBe("error");
    expect(result.output).toMatch(/Invalid input for t_echo: .*text/);
  });

  it("stops a tool at the timeout even when it ignores its signal", async () => {
    await applySettings({ actor, changes: { tools: { toolTimeoutSeconds: 1 } } });
    const result = await call("t_hang", { text: "x" });
    expect(result.status).toBe("error");
    expect(result.output).toMatch(/did not finish within 1 s/);
  });

  it("stops a tool when the run is cancelled", async () => {
    const controller = new AbortController();
    const pending = call("t_hang", { text: "x" }, undefined, { signal: controller.signal });
    controller.abort();
    expect((await pending).output).toMatch(/cancelled with the run/);
  });

  it("caps the output the model reads, records the full size", async () => {
    await applySettings({ actor, changes: { tools: { maxOutputKb: 1 } } });
    const result = await call("t_big", { text: "x" });
    expect(result.output).toMatch(/\[output cut at 1 KB of 5 KB\]$/);
    expect(result.output.length).toBeLessThan(1100);
    expect((await db.toolCall.findUniqueOrThrow({ where: { id: result.id } })).outputSize).toBe(5000);
  });

  it("turns a thrown error into a recorded error result", async () => {
    const result = await call("t_throw", { text: "x" });
    expect(result).toMatchObject({ status: "error", output: "t_throw failed: disk on fire" });
  });

  it("redacts secrets in the stored input", async () => {
    const result = await executeToolCall({
      name: "t_echo",
      input: { text: "x", apiKey: "sk-abcdefghijklmnopqrstuv" },
      userId,
      allowedTools: ["t_echo"],
    });
    const row = await db.toolCall.findUniqueOrThrow({ where: { id: result.id } });
    expect(row.input).not.toContain("sk-abcdefghijklmnopqrstuv");
  });
});

describe("tool switches", () => {
  it("refuse to turn network or shell on without the typed phrase", async () => {
    await expect(applySettings({ actor, changes: { tools: { networkEnabled: true } } })).rejects.toThrow(
      /ENABLE NETWORK/,
    );
    await expect(
      applySettings({ actor, changes: { tools: { shellEnabled: true } }, confirmations: ["ENABLE NETWORK"] }),
    ).rejects.toThrow(/ENABLE SHELL/);
    await applySettings({ actor, changes: { tools: { shellEnabled: true } }, confirmations: ["ENABLE SHELL"] });
    // Turning off needs no phrase.
    await applySettings({ actor, changes: { tools: { shellEnabled: false } } });
  });
});
