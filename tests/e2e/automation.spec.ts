import { expect, type Page, test } from "@playwright/test";
import { trpcMutation, trpcQuery } from "./fixtures";

/**
 * The Automation page against the real runtime: jobs are created in the browser, validated by the
 * server, run through the embedded executor as tasks, and the scheduler can be paused and resumed.
 */
class AutomationPage {
  constructor(readonly page: Page) {}
  title = () => this.page.getByTestId("page-title");
  row = (name: string) => this.page.locator(`[data-testid="job-row"][data-job-name="${name}"]`);
  detail = () => this.page.getByTestId("job-detail");
  form = () => this.page.getByTestId("job-form");

  async open() {
    await this.page.goto("/automation");
    await expect(this.title()).toHaveText("Automation");
    await expect(this.page.getByTestId("job-table")).toBeVisible();
    // The server-rendered table shows before the page is hydrated and listens for keys. The
    // scheduler state is fetched only in the browser, after the view (and its N and F keys) is
    // hydrated: once it replaces "Loading…", the page is interactive.
    await expect(this.page.getByTestId("scheduler-state")).toHaveText(/^Scheduler /);
  }
}

test("create a job, validate its schedule, run it now and see the task succeed", async ({ page }) => {
  const automation = new AutomationPage(page);
  await automation.open();
  // The built-in jobs exist from the first start.
  for (const name of ["health_check", "log_retention", "backup", "cleanup"])
    await expect(automation.row(name)).toBeVisible();

  const form = automation.form();
  await page.locator("body").press("n");
  await expect(form).toBeVisible();
  // Saving empty shows what is missing, in words.
  await form.getByTestId("job-name").fill("");
  await form.getByTestId("job-save").click();
  await expect(form.getByTestId("error-job-name")).toContainText("Give the job a name");

  const name = `e2e cleanup ${Date.now()}`;
  await form.getByTestId("job-name").fill(name);
  await form.getByTestId("job-type").selectOption("builtin");
  await form.getByTestId("job-builtin").selectOption("cleanup");
  await form.getByTestId("job-params").fill('{ "preview": true }');
  await form.getByTestId("job-trigger").selectOption("cron");
  await form.getByTestId("job-cron").fill("*/5 * * * *");
  await form.getByTestId("job-tz").fill("Asia/Baghdad");
  await form.getByTestId("validate-schedule").click();
  await expect(form.getByTestId("next-runs").locator("li")).toHaveCount(5);
  await expect(form.getByTestId("next-runs")).toContainText("GMT+3");
  await form.getByTestId("job-save").click();
  await expect(form).toBeHidden();
  await expect(automation.row(name)).toBeVisible();
  await expect(automation.row(name).getByTestId("job-next-run")).toContainText(/in \d+ (s|min)/);

  // The detail opens (the form selects the new job); run it now.
  const detail = automation.detail();
  await expect(detail).toBeVisible();
  await detail.getByTestId("run-now").click();
  await detail.getByTestId("tab-runs").click();
  await expect(detail.locator('[data-testid="job-run"][data-status="succeeded"]')).toHaveCount(1, { timeout: 30_000 });
  await page.keyboard.press("Escape");
  await expect(detail).toBeHidden();
  await expect(automation.row(name).getByTestId("job-last-run")).toContainText("OK");

  const jobs = await trpcQuery(page, "automation.list", undefined);
  const job = jobs.find((j) => j.name === name)!;
  const runs = await trpcQuery(page, "automation.runs", { id: job.id, limit: 10 });
  expect(runs.map((r) => r.status)).toEqual(["succeeded"]);
  await trpcMutation(page, "automation.delete", { id: job.id });
});

test("Pause all keeps the schedule and Resume all starts it again", async ({ page }) => {
  const automation = new AutomationPage(page);
  await automation.open();
  const before = (await trpcQuery(page, "automation.list", undefined)).find((j) => j.name === "backup")!;
  await page.getByTestId("pause-all").click();
  await expect(page.getByTestId("scheduler-state")).toHaveText("Scheduler paused");
  await page.reload();
  await expect(page.getByTestId("scheduler-state")).toHaveText("Scheduler paused");
  const during = (await trpcQuery(page, "automation.list", undefined)).find((j) => j.name === "backup")!;
  expect(during.nextRunAt).toEqual(before.nextRunAt);
  await page.getByTestId("resume-all").click();
  await expect(page.getByTestId("scheduler-state")).toHaveText(/Scheduler (running|starting|not ticking)/);
  expect((await trpcQuery(page, "automation.status", undefined)).paused).toBe(false);
});
