import { describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { applySettings } from "@/server/settings/settings";
import { executeToolCall } from "@/server/tools/execute";
import { makeUser } from "@/tests/support/auth";

/**
 * Issue 22, finding 5: once an admin enabled the shell, a user's agent ran `id` (root), read the
 * auth secret, and the user approved the call himself. The shell now runs only for admins, in a
 * scratch folder outside the data folder, and as "nobody" when the server runs as root.
 */
async function shellCall(userId: string, command: string, approved: boolean) {
  return executeToolCall({ name: "shell", input: { command }, userId, allowedTools: ["shell"], approved });
}

describe("the shell tool", () => {
  it("is refused for a user's run, even approved, and waits for approval in an admin's", async () => {
    await applySettings({ actor: null, changes: { tools: { shellEnabled: true } }, confirmations: ["ENABLE SHELL"] });
    const user = await makeUser("user");
    const refused = await shellCall(user.user.id, "id", true);
    expect(refused.status).toBe("denied");
    expect(refused.output).toMatch(/only an admin's runs may use it/);

    const admin = await makeUser("admin");
    expect((await shellCall(admin.user.id, "id", false)).status).toBe("pending_approval");
  });

  it("runs outside the data folder, unprivileged when the server is root, and cannot read the keys", async () => {
    await applySettings({ actor: null, changes: { tools: { shellEnabled: true } }, confirmations: ["ENABLE SHELL"] });
    const admin = await makeUser("admin");
    const asRoot = process.getuid?.() === 0;
    const result = await shellCall(
      admin.user.id,
      `id -u; pwd; cat "${env.DATA_DIR}/keys/auth-secret" 2>/dev/null || echo no-secret; ls "${env.DATA_DIR}" >/dev/null 2>&1 && echo listed || echo not-listed`,
      true,
    );
    expect(result.status).toBe("ok");
    const out = JSON.parse(result.output) as { stdout: string };
    const [uid, cwd, secret, listed] = out.stdout.trim().split("\n");
    expect(cwd!.startsWith(env.DATA_DIR)).toBe(false);
    if (asRoot) {
      expect(uid).toBe("65534");
      expect(secret).toBe("no-secret");
      expect(listed).toBe("not-listed");
    } else {
      expect(uid).toBe(String(process.getuid?.()));
    }
  });
});
