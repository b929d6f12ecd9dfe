import { expect, type Locator, type Page } from "@playwright/test";

/** The sign-in screen (/sign-in). */
export class SignInPage {
  readonly form: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId("sign-in-form");
    this.email = this.form.locator('input[name="email"]');
    this.password = this.form.locator('input[name="password"]');
    this.submit = page.getByTestId("sign-in-submit");
    this.error = page.getByTestId("sign-in-error");
  }

  async goto() {
    await this.page.goto("/sign-in");
    await expect(this.form).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}
