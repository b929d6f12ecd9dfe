import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type FakeProviders, startFakeProviders } from "./fake-providers";
import { E2E_DATA_DIR, trpcMutation, trpcQuery } from "./fixtures";

/**
 * The Tasks page against the real runtime: an event sent to the embedded executor runs the app's
 * executor-ping function, the ledger middleware records it, and the page shows it live.
 */
const EXECUTOR = `http://127.0.0.1:${process.env.E2E_EXECUTOR_PORT}`; // the free port playwright.config.ts picked

async function sendPing(page: Page, note: string) {
  const key = readFileSync(path.join(E2E_DATA_DIR, "keys", "inngest-event-key"), "utf8").trim();
  const res = await page.request.post(`${EXECUTOR}/e/${key}`, {
    data: [{ name: "app/executor.ping", data: { note } }],
  });
  expect(res.ok()).toBe(true);
}

class TasksPage {
  constructor(readonly page: Page) {}
  title = () => this.page.getByTestId("page-title");
  counter = (status: string) => this.page.getByTestId(`tasks-counter-${status}`);
  rows = () => this.page.getByTestId("task-row");
  detail = () => this.page.getByTestId("task-detail");

  async open() {
    await this.page.goto("/tasks");
    await expect(this.title()).toHaveText("Tasks");
  }
}

test("a function run appears live, shows its steps, can be retried and cleared", async ({ page }) => {
  const tasks = new TasksPage(page);
  await tasks.open();
  for (const status of ["running", "waiting", "paused", "queued", "succeeded", "failed", "cancelled"])
    await expect(tasks.counter(status)).toBeVisible();
  await expect(page.getByTestId("tasks-live")).toHaveAttribute("data-state", /open|polling/);

  const note = `e2e-${Date.now()}`;
  await test.step("a run lands in the ledger without a reload", async () => {
    await sendPing(page, note);
    await expect(tasks.rows().filter({ hasText: "executor-ping" }).first()).toBeVisible({ timeout: 30_000 });
    await expect(tasks.rows().filter({ hasText: "executor-ping" }).first()).toHaveAttribute(
      "data-status",
      "succeeded",
      { timeout: 30_000 },
    );
    await expect(page.getByTestId("tasks-count-succeeded")).not.toHaveText("0");
  });

  await test.step("the detail shows inputs, output and steps", async () => {
    await tasks.rows().filter({ hasText: "executor-ping" }).first().click();
    await expect(tasks.detail()).toHaveAttribute("data-status", "succeeded");
    await expect(page.getByTestId("task-input")).toContainText(note);
    await expect(page.getByTestId("task-output")).toContainText('"pong": true');
    await page.getByTestId("task-tab-progress").click();
    await expect(page.getByTestId("task-step").filter({ hasText: "pong" })).toHaveAttribute("data-status", "succeeded");
    await page.getByTestId("task-tab-logs").click();
    await expect(page.getByTestId("log-row").filter({ hasText: "Run succeeded" })).toBeVisible({ timeout: 15_000 });
    await expect(page).toHaveURL(/\?task=/);
  });

  await test.step("retry runs it again as a new linked task", async () => {
    const before = await tasks.detail().getAttribute("data-task-id");
    await page.getByTestId("task-tab-overview").click();
    await page.getByTestId("task-retry").click();
    await expect(tasks.detail()).not.toHaveAttribute("data-task-id", before!);
    await expect(tasks.detail()).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await expect(page.getByTestId("task-relations")).toContainText(`Retry of ${before!.slice(-8)}`);
    const listed = await trpcQuery(page, "tasks.list", { filters: { q: "executor-ping" } });
    expect(listed.items.length).toBeGreaterThanOrEqual(2);
  });

  await test.step("clearing finished tasks removes them", async () => {
    await page.getByTestId("tasks-delete-finished").click();
    await page.getByTestId("tasks-delete-confirm").click();
    // The automation scheduler's own runs may land right after, so only the cleared ones are checked.
    await expect(tasks.rows().filter({ hasText: "executor-ping" })).toHaveCount(0);
    const listed = await trpcQuery(page, "tasks.list", { filters: { q: "executor-ping" } });
    expect(listed.items).toEqual([]);
  });
});

test.describe("New task, pause and resume (agent runs against the Ollama test server)", () => {
  test.describe.configure({ mode: "serial" });
  let fake: FakeProviders | undefined;
  let ollamaUrl = "";

  async function script(replies: object[]) {
    const res = await fetch(`${ollamaUrl}/__control/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(replies),
    });
    expect(res.ok).toBe(true);
  }

  test.beforeAll(async () => {
    fake = await startFakeProviders();
    ollamaUrl = fake.ollamaUrl;
  });

  test.afterAll(() => {
    fake?.stop();
  });

  test.beforeEach(async ({ page }) => {
    await trpcMutation(page, "settings.applyChanges", {
      changes: { providers: { ollamaUrl, defaultModel: "ollama:llama3.2:latest" } },
    });
    await fetch(`${ollamaUrl}/__control/reset`, { method: "POST" });
  });

  async function newTask(page: Page, prompt: string) {
    const tasks = new TasksPage(page);
    await tasks.open();
    // The live state is set only in the browser, in the same component that listens for N: once
    // it shows, the page is hydrated and the key has its listener.
    await expect(page.getByTestId("tasks-live")).toHaveAttribute("data-state", /open|polling/);
    await page.locator("body").press("n");
    await expect(page.getByTestId("new-task-dialog")).toBeVisible();
    await expect(page.getByTestId("new-task-prompt")).toBeFocused();
    await page.getByTestId("new-task-prompt").fill(prompt);
    await page.getByTestId("new-task-submit").click();
    await expect(page.getByTestId("new-task-dialog")).toBeHidden();
    await expect(tasks.detail()).toContainText(prompt);
    return tasks;
  }

  test("New task (N) runs the prompt now and shows the answer and its Markdown file", async ({ page }) => {
    await script([{ text: "The answer is forty-two." }]);
    const tasks = await newTask(page, "What is the answer to everything?");
    await expect(tasks.detail()).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await expect(page.getByTestId("task-output")).toContainText("The answer is forty-two.");
    await page.getByTestId("task-tab-artifacts").click();
    await expect(page.getByTestId("task-artifacts")).toContainText("answer.md");
  });

  test("Pause lets the running step finish and holds the next one until Resume", async ({ page }) => {
    // A slow answer: the model step runs for a few seconds, so Pause lands while it runs.
    await script([{ text: "one two three four five six seven eight nine ten", tokensPerSecond: 3 }]);
    const tasks = await newTask(page, "Count slowly to ten");
    await page.getByTestId("task-tab-progress").click();
    const step = (name: string) => page.getByTestId("task-step").filter({ hasText: name });
    await expect(step("ask-model")).toHaveAttribute("data-status", "running", { timeout: 30_000 });
    await page.getByTestId("task-pause").click();
    await expect(tasks.detail()).toHaveAttribute("data-status", "paused");
    await expect(page.getByTestId("tasks-count-paused")).toHaveText("1");
    // The model step finishes; the step after it does not start while paused.
    await expect(step("ask-model")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    // The run's call has ended (the executor has no call in flight) and the server recorded no next step.
    await expect
      .poll(
        async () => ((await (await page.request.get(`${EXECUTOR}/health`)).json()) as { inflight: number }).inflight,
      )
      .toBe(0);
    const taskId = (await tasks.detail().getAttribute("data-task-id"))!;
    const held = await trpcQuery(page, "tasks.get", { id: taskId });
    expect(held.steps.map((s) => s.name)).not.toContain("save-answer");
    await expect(step("save-answer")).toHaveCount(0);
    await expect(tasks.detail()).toHaveAttribute("data-status", "paused");

    await page.getByTestId("task-resume").click();
    await expect(tasks.detail()).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await expect(step("save-answer")).toHaveAttribute("data-status", "succeeded");
    await page.getByTestId("task-tab-overview").click();
    await expect(page.getByTestId("task-output")).toContainText("one two three");
  });
});
