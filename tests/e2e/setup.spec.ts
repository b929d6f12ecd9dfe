import { expect, test } from "@playwright/test";
import { SetupPage } from "../pages/setup-page";
import { ADMIN, ADMIN_STATE, trpcQuery } from "./fixtures";

test.describe.configure({ mode: "serial" });

test("a fresh install leads to the one-time setup screen", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await new SetupPage(page).expectVisible();
});

test("setup refuses a password confirmation that does not match", async ({ page }) => {
  const setup = new SetupPage(page);
  await page.goto("/setup");
  await setup.fill({ ...ADMIN, confirm: `${ADMIN.password}-typo` });
  await setup.submit.click();
  await expect(setup.fieldError("confirm")).toContainText("do not match");
  await expect(page).toHaveURL(/\/setup$/);
});

test("setup creates the admin and signs them in", async ({ page }) => {
  const setup = new SetupPage(page);
  await page.goto("/setup");
  await setup.fill({ ...ADMIN, confirm: ADMIN.password });
  await setup.submit.click();
  await expect(page).toHaveURL((url) => url.pathname === "/", { timeout: 30_000 });
  await expect(page.getByTestId("page-title")).toBeVisible();
  const me = await trpcQuery(page, "users.me");
  expect(me).toMatchObject({ email: ADMIN.email, name: ADMIN.name, role: "admin" });
  await page.context().storageState({ path: ADMIN_STATE });
});
