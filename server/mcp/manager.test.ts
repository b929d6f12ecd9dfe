import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getTool, listTools } from "@/server/ai/tools/registry";
import { db } from "@/server/db";
import { McpManager, testMcpServer } from "@/server/mcp/manager";
import { createMcpServer, deleteMcpServer, listMcpServers, updateMcpServer } from "@/server/mcp/servers";
import { setSecret } from "@/server/secrets/vault";
import { applySettings } from "@/server/settings/settings";
import { executeToolCall } from "@/server/tools/execute";
import { startMcpTestServer, type McpTestServer } from "@/tests/support/mcp-server";

const actor = { id: "admin", email: "admin@example.test" };
const FAST = { pingIntervalMs: 150, baseBackoffMs: 100, maxBackoffMs: 400, failAfter: 4, connectTimeoutMs: 8000 };

async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let server: McpTestServer;
let manager: McpManager;

beforeAll(async () => {
  server = await startMcpTestServer();
  await applySettings({ actor, changes: { tools: { networkEnabled: true } }, confirmations: ["ENABLE NETWORK"] });
});
afterAll(() => server.stop());
beforeEach(async () => {
  await db.mcpServer.deleteMany();
  manager = new McpManager(FAST);
});
afterEach(() => manager.stopAll());

const callTool = (name: string, input: unknown) =>
  executeToolCall({ name, input, userId: "u1", allowedTools: ["mcp__local__*"], approved: true });

describe("MCP client", () => {
  it("validates servers: names, URLs, commands, duplicates", async () => {
    await expect(createMcpServer(actor, { name: "Bad Name", transport: "http", url: "http://x" })).rejects.toThrow(
      /lower-case/,
    );
    await expect(createMcpServer(actor, { name: "a__b", transport: "http", url: "http://x" })).rejects.toThrow(
      /lower-case/,
    );
    await expect(createMcpServer(actor, { name: "web", transport: "http", url: "ftp://x" })).rejects.toThrow(
      /http:\/\//,
    );
    await expect(createMcpServer(actor, { name: "cli", transport: "stdio" })).rejects.toThrow(/command/);
    await createMcpServer(actor, { name: "dup", transport: "http", url: "http://127.0.0.1:1/mcp" });
    await expect(
      createMcpServer(actor, { name: "dup", transport: "http", url: "http://127.0.0.1:1/mcp" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("connects, registers namespaced tools under the policy, calls them, follows list_changed, and reconnects after a restart", async () => {
    await createMcpServer(actor, { name: "local", transport: "http", url: server.url });
    await manager.sync();
    expect(manager.health()).toMatchObject([{ name: "local", status: "connected", toolCount: 3, lastError: null }]);
    const echo = listTools().find((t) => t.name === "mcp__local__echo");
    expect(echo).toMatchObject({ risk: "network", needsApproval: true, source: "mcp:local" });

    expect(await callTool("mcp__local__echo", { text: "hi" })).toMatchObject({ status: "ok", output: "echo: hi" });
    expect(await callTool("mcp__local__add", { a: 2, b: 40 })).toMatchObject({ status: "ok", output: "42" });
    expect(await callTool("mcp__local__fail", {})).toMatchObject({
      status: "error",
      output: expect.stringMatching(/failed on purpose/),
    });
    // Approval and allow-list apply to MCP tools like any other.
    expect(
      (
        await executeToolCall({
          name: "mcp__local__echo",
          input: { text: "x" },
          userId: "u1",
          allowedTools: ["mcp__local__*"],
        })
      ).status,
    ).toBe("pending_approval");
    expect(
      (
        await executeToolCall({
          name: "mcp__local__echo",
          input: { text: "x" },
          userId: "u1",
          allowedTools: ["files_read"],
          approved: true,
        })
      ).status,
    ).toBe("denied");

    server.addTool("late_tool");
    await until("list_changed to add the tool", () => getTool("mcp__local__late_tool"));
    expect(manager.health()[0]!.toolCount).toBe(4);

    await server.stop();
    await until("reconnecting status", () => ["reconnecting", "failed"].includes(manager.health()[0]!.status));
    expect(getTool("mcp__local__echo")).toBeUndefined();
    expect(manager.health()[0]!.lastError).toBeTruthy();

    await server.restart();
    await until("reconnected", () => manager.health()[0]!.status === "connected");
    expect(await callTool("mcp__local__echo", { text: "again" })).toMatchObject({
      status: "ok",
      output: "echo: again",
    });
  });

  it("follows edits and removals of servers", async () => {
    const created = await createMcpServer(actor, { name: "local", transport: "http", url: server.url });
    await manager.sync();
    expect(getTool("mcp__local__echo")).toBeDefined();
    await updateMcpServer(actor, created.id, { name: "local", transport: "http", url: server.url, enabled: false });
    await manager.sync();
    expect(manager.health()).toEqual([]);
    expect(getTool("mcp__local__echo")).toBeUndefined();
    await updateMcpServer(actor, created.id, { name: "renamed", transport: "http", url: server.url });
    await manager.sync();
    expect(getTool("mcp__renamed__echo")).toBeDefined();
    await deleteMcpServer(actor, created.id);
    await manager.sync();
    expect(getTool("mcp__renamed__echo")).toBeUndefined();
    expect(await listMcpServers()).toEqual([]);
  });

  it("sends headers from the vault, and fails plainly when the secret is missing", async () => {
    const guarded = await startMcpTestServer({
      requireHeader: { name: "Authorization", value: "Bearer mcp-test-token-123" },
    });
    try {
      const missing = await testMcpServer({
        id: "x",
        name: "guarded",
        transport: "http",
        command: null,
        args: [],
        url: guarded.url,
        headers: { Authorization: "mcp-token" },
        enabled: true,
      });
      expect(missing).toMatchObject({
        ok: false,
        error: expect.stringMatching(/secret "mcp-token".*not in the vault/),
      });
      await setSecret({ actor: { ...actor, role: "admin" }, name: "mcp-token", value: "Bearer mcp-test-token-123" });
      const ok = await testMcpServer({
        id: "x",
        name: "guarded",
        transport: "http",
        command: null,
        args: [],
        url: guarded.url,
        headers: { Authorization: "mcp-token" },
        enabled: true,
      });
      expect(ok).toMatchObject({ ok: true, toolNames: expect.arrayContaining(["whoami", "echo"]) });
    } finally {
      await guarded.stop();
    }
  });

  it("runs a stdio server as a child process", { timeout: 40_000 }, async () => {
    const script = path.join(__dirname, "../../tests/support/mcp-server.ts");
    await createMcpServer(actor, {
      name: "local",
      transport: "stdio",
      command: process.execPath,
      args: ["--import", "tsx", script, "--stdio"],
    });
    await manager.sync();
    // Starting node with tsx takes a few seconds on a busy machine: the first attempt may time out and retry.
    await until("stdio server connected", () => manager.health()[0]!.status === "connected", 25_000);
    expect(manager.health()).toMatchObject([{ status: "connected", toolCount: 3 }]);
    expect(await callTool("mcp__local__echo", { text: "over stdio" })).toMatchObject({
      status: "ok",
      output: "echo: over stdio",
    });
  });

  it("reports failed after repeated connection errors", async () => {
    await createMcpServer(actor, { name: "local", transport: "http", url: "http://127.0.0.1:1/mcp" });
    await manager.sync();
    await until("failed status", () => manager.health()[0]!.status === "failed");
    expect(manager.health()[0]!.lastError).toBeTruthy();
  });
});
