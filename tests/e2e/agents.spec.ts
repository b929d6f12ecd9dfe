import { expect, type Page, test } from "@playwright/test";
import { type FakeProviders, startFakeProviders } from "./fake-providers";
import { trpcMutation, trpcQuery } from "./fixtures";

/**
 * The Agents page against the Ollama-compatible test server (its own process, scripted over its
 * control routes): create an agent, validate it with a real dry run, pause/resume it, open a chat.
 */
test.describe.configure({ mode: "serial" });

let fake: FakeProviders | undefined;
let ollamaUrl = "";
const MODEL = "ollama:llama3.2:latest";

test.beforeAll(async () => {
  fake = await startFakeProviders();
  ollamaUrl = fake.ollamaUrl;
});

test.afterAll(() => {
  fake?.stop();
});

test.beforeEach(async ({ page }) => {
  await trpcMutation(page, "settings.applyChanges", { changes: { providers: { ollamaUrl, defaultModel: MODEL } } });
  await fetch(`${ollamaUrl}/__control/reset`, { method: "POST" });
});

async function openAgents(page: Page) {
  await page.goto("/agents");
  await expect(page.getByTestId("page-title")).toHaveText("Agents");
  await expect(page.getByTestId("agents-table")).toBeVisible();
}

test("built-in agents are listed and searchable; F focuses the search, Esc closes the detail", async ({ page }) => {
  await openAgents(page);
  for (const name of ["General assistant", "Researcher", "Coder", "Planner", "Executor"]) {
    await expect(page.locator(`[data-testid="agent-row"][data-name="${name}"]`)).toBeVisible();
  }
  await expect(async () => {
    await page.locator("body").press("f");
    await expect(page.getByTestId("agents-search")).toBeFocused({ timeout: 1000 });
  }).toPass();
  await page.getByTestId("agents-search").fill("resrch");
  await page.getByTestId("agents-search").press("Enter");
  await expect(page.getByTestId("agent-row").first()).toHaveAttribute("data-name", "Researcher");
  await page.getByTestId("agent-row").first().click();
  await expect(page.getByTestId("agent-detail-name")).toHaveText("Researcher");
  await expect(page).toHaveURL(/\?agent=/);
  await page.locator("body").press("Escape");
  await expect(page.getByTestId("agent-detail")).toHaveCount(0);
});

test("create an agent, validate it, pause and resume it, and open a chat with it", async ({ page }) => {
  const name = `E2E agent ${Date.now()}`;
  await openAgents(page);

  await test.step("N opens the form; Validate runs a dry run against the model", async () => {
    const dialog = page.getByTestId("agent-create-dialog");
    // The server-rendered table shows before the page is hydrated and listens for keys.
    await expect(async () => {
      await page.locator("body").press("n");
      await expect(dialog).toBeVisible({ timeout: 1000 });
    }).toPass();
    await dialog.getByTestId("agent-name").fill(name);
    await dialog.getByTestId("agent-role").fill("Summarises notes");
    await dialog.getByTestId("agent-prompt").fill("You summarise notes in three bullet points.");
    await dialog.getByTestId("agent-model").selectOption(MODEL);
    await dialog.getByTestId("agent-tool-files_read").check();
    await fetch(`${ollamaUrl}/__control/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ text: "OK" }]),
    });
    await dialog.getByTestId("agent-validate").click();
    await expect(dialog.getByTestId("agent-validation")).toHaveAttribute("data-ok", "true", { timeout: 30_000 });
    await expect(dialog.getByTestId("agent-validation")).toContainText("answered in");
    await dialog.getByTestId("agent-save").click();
    await expect(dialog).toBeHidden();
  });

  await test.step("the new agent is selected, counted and configured as entered", async () => {
    await expect(page.getByTestId("agent-detail-name")).toHaveText(name);
    const agents = await trpcQuery(page, "agents.list", undefined);
    const created = agents.find((a) => a.name === name)!;
    expect(created).toMatchObject({
      role: "Summarises notes",
      modelId: MODEL,
      tools: ["files_read"],
      status: "active",
    });
    await expect(page.getByTestId("agents-count-total")).toHaveText(String(agents.length));
  });

  await test.step("a duplicate name is refused with a sentence", async () => {
    await page.getByTestId("agents-new").click();
    const dialog = page.getByTestId("agent-create-dialog");
    await dialog.getByTestId("agent-name").fill(name.toUpperCase());
    await dialog.getByTestId("agent-role").fill("Copy");
    await dialog.getByTestId("agent-prompt").fill("Same name.");
    await dialog.getByTestId("agent-save").click();
    await expect(dialog.getByTestId("agent-form-error")).toContainText("already exists");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });

  await test.step("pause and resume", async () => {
    const detail = page.getByTestId("agent-detail");
    await detail.getByTestId("agent-pause").click();
    await expect(detail.getByTestId("agent-status")).toHaveAttribute("data-status", "paused");
    await expect(detail.getByTestId("agent-open-chat")).toBeDisabled();
    await detail.getByTestId("agent-resume").click();
    await expect(detail.getByTestId("agent-status")).toHaveAttribute("data-status", "active");
  });

  await test.step("Open chat starts a session with the agent", async () => {
    await page.getByTestId("agent-detail").getByTestId("agent-open-chat").click();
    await expect(page).toHaveURL(/\/chat\?session=/);
    const sessionId = new URL(page.url()).searchParams.get("session")!;
    const agents = await trpcQuery(page, "agents.list", undefined);
    const created = agents.find((a) => a.name === name)!;
    const { session } = await trpcQuery(page, "chat.get", { id: sessionId });
    expect(session).toMatchObject({ title: `Chat with ${name}`, agentId: created.id });
  });
});
