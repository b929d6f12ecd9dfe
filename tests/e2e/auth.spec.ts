import { expect, request, test } from "@playwright/test";
import { SignInPage } from "../pages/sign-in-page";
import { Shell } from "../pages/shell";
import { ADMIN, TrpcHttpError, trpcQuery } from "./fixtures";

// These tests sign in and out in their own anonymous contexts, so the shared admin state stays valid.
test.use({ storageState: { cookies: [], origins: [] } });

test("signing out leads to the sign-in page", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await new Shell(page).signOut();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(ADMIN.email, "not the right password");
  await expect(signIn.error).toContainText("do not match");
  await expect(page).toHaveURL(/\/sign-in/);
  const refused = await trpcQuery(page, "users.me").catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(TrpcHttpError);
  expect((refused as TrpcHttpError).status).toBe(401);
});

test("signing in with the right password opens the app", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByTestId("page-title")).toBeVisible();
  expect(await trpcQuery(page, "users.me")).toMatchObject({ email: ADMIN.email });
});

test("the setup screen is gone once an admin exists", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(new SignInPage(page).form).toBeVisible();
});

test("the API refuses an anonymous caller with 401", async ({ baseURL }) => {
  const anonymous = await request.newContext({ baseURL });
  try {
    const res = await anonymous.get("/api/trpc/users.me");
    expect(res.status()).toBe(401);
    const body = await res.json();
    expect(JSON.stringify(body)).not.toContain("stack");
  } finally {
    await anonymous.dispose();
  }
});
