import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { trpcQuery } from "./fixtures";

/**
 * The Tasks page against the real runtime: an event sent to the embedded executor runs the app's
 * executor-ping function, the ledger middleware records it, and the page shows it live.
 */
const DATA_DIR = process.env.E2E_DATA_DIR ?? path.resolve(__dirname, "..", "..", "test-results", "e2e-data");
const EXECUTOR = `http://127.0.0.1:${process.env.EXECUTOR_PORT ?? "8290"}`;

async function sendPing(page: Page, note: string) {
  const key = readFileSync(path.join(DATA_DIR, "keys", "inngest-event-key"), "utf8").trim();
  const res = await page.request.post(`${EXECUTOR}/e/${key}`, { data: [{ name: "app/executor.ping", data: { note } }] });
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
  for (const status of ["running", "waiting", "queued", "succeeded", "failed", "cancelled"]) await expect(tasks.counter(status)).toBeVisible();
  await expect(page.getByTestId("tasks-live")).toHaveAttribute("data-state", /open|polling/);

  const note = `e2e-${Date.now()}`;
  await test.step("a run lands in the ledger without a reload", async () => {
    await sendPing(page, note);
    await expect(tasks.rows().filter({ hasText: "executor-ping" }).first()).toBeVisible({ timeout: 30_000 });
    await expect(tasks.rows().filter({ hasText: "executor-ping" }).first()).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
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

  await test.step("clearing finished tasks empties the list", async () => {
    await page.getByTestId("tasks-delete-finished").click();
    await page.getByTestId("tasks-delete-confirm").click();
    await expect(page.getByTestId("tasks-empty")).toBeVisible();
    await expect(page.getByTestId("tasks-count-succeeded")).toHaveText("0");
  });
});
