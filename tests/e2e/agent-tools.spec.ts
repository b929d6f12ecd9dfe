import { expect, type Page, test } from "@playwright/test";
import { type FakeProviders, startFakeProviders } from "./fake-providers";
import { trpcMutation, trpcQuery } from "./fixtures";

/**
 * Tools in chat against the Ollama test server (scripted tool calls): a call shows inline,
 * approval pauses the answer (also across a reload), and Safe Mode takes a tool away mid-session.
 */
test.describe.configure({ mode: "serial" });

let fake: FakeProviders | undefined;
let ollamaUrl = "";
const MODEL = "ollama:qwen3:0.6b";

test.beforeAll(async () => {
  fake = await startFakeProviders();
  ollamaUrl = fake.ollamaUrl;
});
test.afterAll(() => fake?.stop());

test.beforeEach(async ({ page }) => {
  await trpcMutation(page, "settings.applyChanges", {
    changes: { providers: { ollamaUrl, defaultModel: MODEL }, security: { safeMode: false } },
  });
  await trpcMutation(page, "tools.setSwitch", { key: "shellEnabled", enabled: true, confirmation: "ENABLE SHELL" });
  await fetch(`${ollamaUrl}/__control/reset`, { method: "POST" });
});

// The specs share one database: leave Safe Mode and the shell switch as the other specs expect them.
test.afterEach(async ({ page }) => {
  await trpcMutation(page, "settings.applyChanges", { changes: { security: { safeMode: false } } });
  await trpcMutation(page, "tools.setSwitch", { key: "shellEnabled", enabled: false });
});

type Reply = { text?: string; toolCalls?: { id?: string; name: string; arguments: Record<string, unknown> }[] };
async function script(...replies: Reply[]) {
  const res = await fetch(`${ollamaUrl}/__control/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(replies),
  });
  expect(res.ok).toBe(true);
}
async function offeredTools(): Promise<string[][]> {
  const res = await fetch(`${ollamaUrl}/__control/requests`);
  const requests = (await res.json()) as { path: string; body: { tools?: { function: { name: string } }[] } }[];
  return requests.filter((r) => r.path === "/api/chat").map((r) => (r.body.tools ?? []).map((t) => t.function.name));
}

async function chatWithAgent(page: Page, tools: string[]) {
  const agent = await trpcMutation(page, "agents.create", {
    name: `Tool agent ${Date.now()}`,
    role: "Uses tools",
    systemPrompt: "Use your tools.",
    modelId: MODEL,
    tools,
    maxTurns: 4,
  });
  const session = await trpcMutation(page, "chat.create", { agentId: agent.id });
  await page.goto(`/chat?session=${session.id}`);
  await expect(page.getByTestId("chat-input")).toBeVisible();
  return session;
}

async function ask(page: Page, text: string) {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-input").press("Enter");
}

const toolCall = (page: Page, name: string) => page.locator(`[data-testid="tool-call"][data-tool="${name}"]`);

test("an agent's tool call appears inline in its answer, collapsed, with arguments and result", async ({ page }) => {
  await chatWithAgent(page, ["files_list", "files_read"]);
  await script(
    { toolCalls: [{ name: "files_list", arguments: { path: "." } }] },
    { text: "I looked at your workspace." },
  );
  await ask(page, "What is in my workspace?");
  const call = toolCall(page, "files_list");
  await expect(call).toHaveAttribute("data-state", "output-available");
  await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toContainText(
    "I looked at your workspace.",
  );
  await expect(call.getByTestId("tool-call-status")).toHaveText("done");
  // Collapsed by default; opening shows what was asked and answered.
  await expect(call.getByTestId("tool-call-input")).toBeHidden();
  await call.locator("summary").click();
  await expect(call.getByTestId("tool-call-input")).toContainText('"path": "."');
  await expect(call.getByTestId("tool-call-output")).toBeVisible();
  expect((await offeredTools())[0]!.sort()).toEqual(["files_list", "files_read"]);
});

test("approval: the answer waits for Approve (also after a reload), and Reject tells the model", async ({ page }) => {
  await chatWithAgent(page, ["shell"]);
  await script({ toolCalls: [{ name: "shell", arguments: { command: "echo approved-by-ada" } }] });
  await ask(page, "Say hello from the shell");
  const call = toolCall(page, "shell");
  await expect(call).toHaveAttribute("data-state", "approval-requested");
  await expect(call.getByTestId("tool-call-status")).toHaveText("waits for approval");

  await test.step("the waiting call survives a reload; Approve runs it and the answer continues", async () => {
    await page.reload();
    await expect(call.getByTestId("tool-approve")).toBeVisible();
    await script({ text: "The shell said approved-by-ada." });
    await call.getByTestId("tool-approve").click();
    await expect(call).toHaveAttribute("data-state", "output-available");
    await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toContainText(
      "The shell said approved-by-ada.",
    );
    await call.locator("summary").click();
    await expect(call.getByTestId("tool-call-output")).toContainText("approved-by-ada");
  });

  await test.step("Reject: the call does not run and the model is told", async () => {
    await script(
      { toolCalls: [{ name: "shell", arguments: { command: "rm -rf notes" } }] },
      { text: "Understood, I left your notes alone." },
    );
    await ask(page, "Delete my notes");
    const second = page.locator('[data-testid="tool-call"][data-tool="shell"][data-state="approval-requested"]');
    await second.getByTestId("tool-reject").click();
    await expect(page.locator('[data-testid="tool-call"][data-state="output-denied"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="chat-message"][data-role="assistant"]').last()).toContainText(
      "I left your notes alone.",
    );
    await expect(
      page.locator('[data-testid="tool-call"][data-state="output-denied"]').getByTestId("tool-call-status"),
    ).toHaveText("rejected");
  });
});

test("Safe Mode turned on mid-session removes the code tool: it is no longer offered and a call to it is refused", async ({
  page,
}) => {
  await chatWithAgent(page, ["files_list", "code_run"]);
  await script({ toolCalls: [{ name: "code_run", arguments: { code: "6*7" } }] }, { text: "It is 42." });
  await ask(page, "What is 6*7? Use code.");
  await expect(toolCall(page, "code_run")).toHaveAttribute("data-state", "output-available");

  await test.step("the admin turns Safe Mode on in Settings", async () => {
    const chatUrl = page.url();
    await page.goto("/settings/security");
    const safeMode = page.getByTestId("setting-security-safeMode");
    // The server-rendered switch shows before the page is hydrated and listens.
    await expect(async () => {
      if ((await safeMode.getAttribute("aria-checked")) !== "true") await safeMode.click();
      await expect(safeMode).toHaveAttribute("aria-checked", "true", { timeout: 1000 });
    }).toPass();
    await page.getByTestId("settings-apply").click();
    await expect.poll(async () => (await trpcQuery(page, "settings.get")).security.safeMode).toBe(true);
    await page.goto(chatUrl);
    await expect(page.getByTestId("chat-input")).toBeVisible();
  });
  await script({ toolCalls: [{ name: "code_run", arguments: { code: "1+1" } }] }, { text: "Code is switched off." });
  await ask(page, "And 1+1?");
  const refused = page.locator('[data-testid="tool-call"][data-tool="code_run"]').nth(1);
  await expect(refused).toHaveAttribute("data-state", "output-error");
  await expect(refused.getByTestId("tool-call-status")).toHaveText("refused");
  await refused.locator("summary").click();
  await expect(refused.getByTestId("tool-call-output")).toContainText("Safe Mode is on");
  const offered = await offeredTools();
  expect(offered[0]).toContain("code_run");
  expect(offered.at(-1)).toEqual(["files_list"]);
});
