import { expect, type Page, test } from "@playwright/test";
import { trpcMutation } from "./fixtures";

/** The Logs & Reports page (the page object lives here: only this spec uses it). */
class LogsPage {
  constructor(readonly page: Page) {}
  title = () => this.page.getByTestId("page-title");
  list = () => this.page.getByTestId("log-list");
  rows = () => this.page.getByTestId("log-row");
  search = () => this.page.getByTestId("log-search");
  detail = () => this.page.getByTestId("log-detail");
  tailStatus = () => this.page.getByTestId("log-tail-status");

  async open() {
    await this.page.goto("/logs");
    await expect(this.title()).toHaveText("Logs & Reports");
  }
}

test("a log written on the server appears live, can be searched and opened", async ({ page }) => {
  const logs = new LogsPage(page);
  // Something to list even on a fresh database: this writes an audit log line "token.create".
  await trpcMutation(page, "tokens.create", { name: "before-open" });
  await logs.open();
  await expect(logs.rows().first()).toBeVisible();
  await expect(logs.tailStatus()).toHaveAttribute("data-status", /live|polling/, { timeout: 15_000 });

  await test.step("live tail without reload", async () => {
    const name = `tail-test-${Date.now()}`;
    await trpcMutation(page, "tokens.create", { name });
    await expect(logs.list()).toContainText("token.create", { timeout: 15_000 });
    await expect(logs.rows().filter({ hasText: "token.create" })).not.toHaveCount(0);
    await expect(page).toHaveURL(/\/logs$/);
  });

  await test.step("search highlights the matches", async () => {
    await page.keyboard.press("/");
    await expect(logs.search()).toBeFocused();
    await logs.search().fill("token");
    await expect(logs.rows().first().getByTestId("log-match").first()).toHaveText(/token/i);
    const messages = await logs.rows().getByTestId("log-message").allTextContents();
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m.toLowerCase()).toContain("token");
  });

  await test.step("the detail panel shows the entry, its context and correlation", async () => {
    await logs.rows().first().click();
    await expect(logs.detail()).toBeVisible();
    await expect(page.getByTestId("log-detail-message")).toContainText("token.create");
    await page.getByTestId("log-detail-tab-context").click();
    await expect(page.getByTestId("log-context")).toBeVisible();
    await page.getByTestId("log-detail-tab-correlation").click();
    await expect(page.getByTestId("log-correlated")).toBeVisible();
    await logs.list().focus();
    await page.keyboard.press("Escape");
    await expect(logs.detail()).toBeHidden();
  });

  await test.step("an export link carries the filters", async () => {
    const href = await page.getByTestId("log-export-csv").getAttribute("href");
    expect(href).toContain("format=csv");
    expect(href).toContain("q=token");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("token.create");
  });
});
