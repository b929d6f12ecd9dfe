import { expect, type Page, test } from "@playwright/test";
import { trpcMutation, trpcQuery } from "./fixtures";

/** The Settings pages (the page object lives here: only this spec uses it). */
class SettingsPage {
  constructor(readonly page: Page) {}
  title = () => this.page.getByTestId("page-title");
  field = (section: string, field: string) => this.page.getByTestId(`setting-${section}-${field}`);
  fieldError = (section: string, field: string) => this.page.getByTestId(`setting-${section}-${field}-error`);
  apply = () => this.page.getByTestId("settings-apply");
  reset = () => this.page.getByTestId("settings-reset");
  unsaved = () => this.page.getByTestId("settings-unsaved");
  restartNotice = () => this.page.getByTestId("settings-restart-notice");
  toast = (text: string) => this.page.locator("[data-sonner-toast]").filter({ hasText: text });

  async open(section: string) {
    await this.page.goto(`/settings/${section}`);
    await expect(this.title()).toHaveText("Settings");
    await expect(this.page.getByTestId(`settings-section-${section}`)).toBeVisible();
  }
}

test("settings are applied, announced and still there after a reload", async ({ page }) => {
  const settings = new SettingsPage(page);
  const name = `E2E workspace ${Date.now() % 100000}`;
  const retention = String(40 + (Date.now() % 50));

  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/workspace$/);

  await test.step("workspace name", async () => {
    await settings.open("workspace");
    await expect(page.getByTestId("workspace-data-directory")).not.toHaveValue("");
    await settings.field("workspace", "name").fill(name);
    await expect(settings.unsaved()).toHaveText("1 unsaved change.");
    await settings.apply().click();
    await expect(settings.toast("Settings applied")).toContainText("Workspace name");
    await expect(settings.unsaved()).toHaveText("No unsaved changes.");
  });

  await test.step("system retention days (needs a restart)", async () => {
    await settings.open("system");
    await settings.field("system", "retentionDays").fill(retention);
    await settings.apply().click();
    await expect(settings.toast("Settings applied")).toContainText("Log retention");
    await expect(settings.restartNotice()).toContainText("Log retention");
  });

  await test.step("reload shows the saved values", async () => {
    await page.reload();
    await expect(settings.field("system", "retentionDays")).toHaveValue(retention);
    await settings.open("workspace");
    await expect(settings.field("workspace", "name")).toHaveValue(name);
  });
});

test("an invalid value is explained inline and cannot be applied", async ({ page }) => {
  const settings = new SettingsPage(page);
  const before = await trpcQuery(page, "settings.get");
  await settings.open("system");
  await settings.field("system", "retentionDays").fill("0");
  await expect(settings.fieldError("system", "retentionDays")).toHaveText("Enter 1 to 3650 days.");
  await expect(settings.unsaved()).toHaveText("Fix the highlighted fields before applying.");
  await expect(settings.apply()).toBeDisabled();

  await settings.reset().click();
  await expect(settings.field("system", "retentionDays")).toHaveValue(String(before.system.retentionDays));
  await expect(settings.fieldError("system", "retentionDays")).toHaveCount(0);
  expect((await trpcQuery(page, "settings.get")).system).toEqual(before.system);
});

test("the Ollama context window is checked inline and applied", async ({ page }) => {
  const settings = new SettingsPage(page);
  const before = (await trpcQuery(page, "settings.get")).providers.ollamaContextLength;
  try {
    await settings.open("providers");
    await expect(settings.field("providers", "ollamaContextLength")).toHaveValue(String(before));
    await settings.field("providers", "ollamaContextLength").fill("100");
    await expect(settings.fieldError("providers", "ollamaContextLength")).toHaveText("Enter 512 to 1048576 tokens.");
    await expect(settings.apply()).toBeDisabled();
    await settings.field("providers", "ollamaContextLength").fill("16384");
    await settings.apply().click();
    await expect(settings.toast("Settings applied")).toContainText("Ollama context window");
    await page.reload();
    await expect(settings.field("providers", "ollamaContextLength")).toHaveValue("16384");
  } finally {
    // Specs share one database: the chat specs expect the default window.
    await trpcMutation(page, "settings.applyChanges", { changes: { providers: { ollamaContextLength: before } } });
  }
});

test("a secret is shown masked and revealed only on request", async ({ page }) => {
  const value = `sk-or-e2e-${Date.now()}abcd`;
  await trpcMutation(page, "secrets.set", { name: "openrouter.apiKey", value });

  await page.goto("/settings/providers");
  await expect(page.getByTestId("openrouter-key-hint")).toHaveText("••••abcd");
  await expect(page.locator("body")).not.toContainText(value);

  await page.goto("/settings/security");
  await page.getByTestId("secret-reveal-openrouter.apiKey").click();
  await page.getByTestId("confirm-ok").click();
  await expect(page.getByTestId("secret-revealed-value")).toHaveText(value);
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(page.locator("body")).not.toContainText(value);
});
