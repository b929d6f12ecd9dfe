import { expect, type Locator, type Page } from "@playwright/test";

/** The one-time first-run screen (/setup) that creates the admin. */
export class SetupPage {
  readonly form: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId("setup-form");
    this.submit = page.getByTestId("setup-submit");
  }

  field(name: "name" | "email" | "password" | "confirm"): Locator {
    return this.form.locator(`input[name="${name}"]`);
  }

  /** The inline error line under a field. */
  fieldError(name: "name" | "email" | "password" | "confirm"): Locator {
    return this.page.locator(`#${name}-error`);
  }

  async expectVisible() {
    await expect(this.form).toBeVisible();
  }

  async fill(values: { name: string; email: string; password: string; confirm: string }) {
    await this.field("name").fill(values.name);
    await this.field("email").fill(values.email);
    await this.field("password").fill(values.password);
    await this.field("confirm").fill(values.confirm);
  }
}
