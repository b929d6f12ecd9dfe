import { expect, type Locator, type Page } from "@playwright/test";

/**
 * The app shell around every signed-in page (data-testid contract 1). On a phone the sidebar
 * may be a drawer rendered beside a hidden desktop copy, so only visible ones are used.
 */
export class Shell {
  readonly sidebar: Locator;
  readonly openSidebar: Locator;
  readonly pageTitle: Locator;
  readonly plannedPage: Locator;
  readonly palette: Locator;
  readonly paletteInput: Locator;
  readonly themeToggle: Locator;
  readonly userMenu: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.getByTestId("sidebar").filter({ visible: true });
    this.openSidebar = page.getByTestId("sidebar-open");
    this.pageTitle = page.getByTestId("page-title");
    this.plannedPage = page.getByTestId("planned-page");
    this.palette = page.getByTestId("command-palette");
    this.paletteInput = page.getByTestId("command-input");
    this.themeToggle = page.getByTestId("theme-toggle").filter({ visible: true }).first();
    this.userMenu = page.getByTestId("user-menu").filter({ visible: true }).first();
  }

  /** `nav-<slug>`: the page's href without the leading slash, "dashboard" for "/". */
  static slug(href: string): string {
    return href === "/" ? "dashboard" : href.slice(1);
  }

  navLink(href: string): Locator {
    return this.sidebar.first().getByTestId(`nav-${Shell.slug(href)}`);
  }

  async navigate(href: string) {
    await this.navLink(href).click();
    await expect(this.page).toHaveURL((url) => url.pathname === href);
    await expect(this.pageTitle).toBeVisible();
    // Still inside the shell: the app's not-found page also has a page-title.
    await expect(this.userMenu).toBeVisible();
  }

  async openPalette() {
    await this.page.keyboard.press("Control+k");
    await expect(this.palette).toBeVisible();
  }

  async isDark(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.classList.contains("dark"));
  }

  /** Switches between light and dark, whether the toggle flips directly or opens a menu. */
  async switchTheme() {
    const dark = await this.isDark();
    await this.themeToggle.click();
    const choice = this.page
      .getByRole("menuitemradio", { name: dark ? /light/i : /dark/i })
      .or(this.page.getByRole("menuitem", { name: dark ? /light/i : /dark/i }))
      .first();
    const isMenu = await choice.waitFor({ state: "visible", timeout: 1_500 }).then(
      () => true,
      () => false,
    );
    if (isMenu) await choice.click();
    await expect.poll(() => this.isDark()).toBe(!dark);
  }

  async signOut() {
    await this.userMenu.click();
    await this.page.getByTestId("sign-out").click();
  }
}
