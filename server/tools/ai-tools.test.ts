import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { applySettings } from "@/server/settings/settings";
import { buildAiToolSet } from "@/server/tools/ai-tools";
import { makeUser } from "@/tests/support/auth";

const actor = { id: "admin", email: "admin@example.test" };

beforeEach(async () => {
  await db.setting.deleteMany();
});

describe("buildAiToolSet", () => {
  it("offers only permitted tools, lists those needing approval, and runs calls through the policy door", async () => {
    const allowed = ["files_list", "web_fetch", "code_run", "shell"];
    // An admin's run: the shell class is never offered to anyone else's (policy.ts).
    const u1 = (await makeUser("admin")).user.id;
    let set = await buildAiToolSet({ userId: u1, allowedTools: allowed, agentId: "a1" });
    expect(Object.keys(set.tools).sort()).toEqual(["code_run", "files_list"]);
    expect(set.needsApproval).toEqual([]);

    await applySettings({ actor, changes: { tools: { shellEnabled: true } }, confirmations: ["ENABLE SHELL"] });
    set = await buildAiToolSet({ userId: u1, allowedTools: allowed, agentId: "a1" });
    expect(Object.keys(set.tools).sort()).toEqual(["code_run", "files_list", "shell"]);
    expect(set.needsApproval).toEqual(["shell"]);

    const output = await set.tools.files_list!.execute!({ path: ".", recursive: false }, {
      toolCallId: "call-1",
      messages: [],
      context: {},
    } as never);
    expect(typeof output).toBe("string");
    expect(await db.toolCall.findFirst({ where: { toolCallId: "call-1" } })).toMatchObject({
      tool: "files_list",
      status: "ok",
      agentId: "a1",
    });

    // Safe Mode switched on mid-run: the already-built tool is refused at call time.
    await applySettings({ actor, changes: { security: { safeMode: true } } });
    const refused = await set.tools.code_run!.execute!({ code: "1" }, {
      toolCallId: "call-2",
      messages: [],
      context: {},
    } as never);
    expect(refused).toMatch(/Safe Mode is on/);
  });
});
