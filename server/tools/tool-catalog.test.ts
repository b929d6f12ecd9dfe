import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { executeToolCall } from "@/server/tools/execute";
import { makeUser } from "@/tests/support/auth";

beforeEach(async () => {
  await db.setting.deleteMany();
});

describe("tools router", () => {
  it("lists every built-in tool with what blocks it, and switches need the exact typed phrase", async () => {
    const { caller } = await makeUser("admin");
    const tools = await caller.tools.list();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining([
        "files_read",
        "web_fetch",
        "web_search",
        "code_run",
        "spreadsheet_create",
        "document_create",
        "memory_save",
        "memory_search",
        "shell",
      ]),
    );
    expect(byName.get("files_read")!.blockedBy).toBeNull();
    expect(byName.get("web_fetch")!.blockedBy).toMatch(/internet access/);
    expect(byName.get("shell")).toMatchObject({
      risk: "shell",
      needsApproval: true,
      blockedBy: expect.stringMatching(/shell tool is off/),
    });

    await expect(caller.tools.setSwitch({ key: "shellEnabled", enabled: true })).rejects.toThrow(
      /Type ENABLE SHELL exactly/,
    );
    await expect(
      caller.tools.setSwitch({ key: "shellEnabled", enabled: true, confirmation: "enable shell" }),
    ).rejects.toThrow(/Type ENABLE SHELL exactly/);
    // A plain settings apply cannot switch it on either.
    await expect(caller.settings.applyChanges({ changes: { tools: { shellEnabled: true } } })).rejects.toThrow(
      /typed confirmation/,
    );
    expect(
      await caller.tools.setSwitch({ key: "shellEnabled", enabled: true, confirmation: "ENABLE SHELL" }),
    ).toMatchObject({ changed: ["tools.shellEnabled"] });
    expect((await caller.tools.list()).find((t) => t.name === "shell")!.blockedBy).toBeNull();
    expect(await caller.tools.setSwitch({ key: "shellEnabled", enabled: false })).toMatchObject({
      changed: ["tools.shellEnabled"],
    });
    expect(await db.auditLog.count({ where: { action: "settings.apply", target: "tools" } })).toBeGreaterThanOrEqual(2);
  });

  it("refuses the switches to a user, and shows users only their own tool calls", async () => {
    const user = await makeUser("user");
    const other = await makeUser("user");
    await expect(
      user.caller.tools.setSwitch({ key: "networkEnabled", enabled: true, confirmation: "ENABLE NETWORK" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await executeToolCall({
      name: "files_list",
      input: {},
      userId: user.user.id,
      allowedTools: ["files_list"],
      agentId: "agent-x",
    });
    await executeToolCall({
      name: "files_list",
      input: {},
      userId: other.user.id,
      allowedTools: ["files_list"],
      agentId: "agent-x",
    });
    const mine = await user.caller.tools.calls({ agentId: "agent-x" });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ tool: "files_list", status: "ok" });
    const { caller: admin } = await makeUser("admin");
    expect((await admin.tools.calls({ agentId: "agent-x" })).length).toBeGreaterThanOrEqual(2);
  });
});
