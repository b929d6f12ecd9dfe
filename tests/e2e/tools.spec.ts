import { expect, test } from "@playwright/test";
import { startMcpTestServer } from "../support/mcp-server";
import { trpcMutation, trpcQuery } from "./fixtures";

test("the shell switch turns on only after typing ENABLE SHELL, and the tool becomes available", async ({ page }) => {
  await trpcMutation(page, "settings.applyChanges", { changes: { security: { safeMode: false } } });
  await trpcMutation(page, "tools.setSwitch", { key: "shellEnabled", enabled: false });
  await page.goto("/settings/tools");
  await expect(page.getByTestId("tool-switches")).toBeVisible();
  await expect(page.getByTestId("tool-status-shell")).toContainText("shell tool is off");
  await expect(page.getByTestId("tool-status-files_read")).toHaveText("Available");

  const shellSwitch = page.getByTestId("tool-switch-shellEnabled");
  await expect(shellSwitch).toHaveAttribute("aria-checked", "false");
  await shellSwitch.click();
  const dialog = page.getByTestId("typed-confirm-dialog");
  await expect(dialog).toBeVisible();
  const ok = page.getByTestId("typed-confirm-ok");
  await expect(ok).toBeDisabled();
  await page.getByTestId("typed-confirm-input").fill("enable shell");
  await expect(ok).toBeDisabled();
  await page.getByTestId("typed-confirm-input").fill("ENABLE SHELL");
  await ok.click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Shell tool turned on" })).toBeVisible();
  await expect(shellSwitch).toHaveAttribute("aria-checked", "true");
  await expect(page.getByTestId("tool-status-shell")).toHaveText("Available");

  // Off needs no phrase.
  await shellSwitch.click();
  await expect(shellSwitch).toHaveAttribute("aria-checked", "false");
  expect((await trpcQuery(page, "settings.get")).tools.shellEnabled).toBe(false);
  // The server refuses the switch without the phrase, whatever the client does.
  await expect(trpcMutation(page, "tools.setSwitch", { key: "networkEnabled", enabled: true })).rejects.toThrow(
    /ENABLE NETWORK/,
  );
});

test("an MCP server is added, connects, shows its tools, and is removed", async ({ page }) => {
  const server = await startMcpTestServer();
  try {
    await page.goto("/settings/mcp");
    await page.getByTestId("mcp-add").first().click();
    await page.getByTestId("mcp-name").fill("e2e-local");
    await page.getByTestId("mcp-url").fill(server.url);
    await page.getByTestId("mcp-test").click();
    await expect(page.getByTestId("mcp-test-result")).toContainText("Connected: 3 tools");
    await page.getByTestId("mcp-save").click();
    await expect(page.getByTestId("mcp-status-e2e-local")).toHaveText("Connected");
    await expect(page.getByTestId("mcp-row-e2e-local")).toContainText("3 tools");

    await page.goto("/settings/tools");
    await expect(page.getByTestId("tool-row-mcp__e2e-local__echo")).toContainText("Needs approval");

    await page.goto("/settings/mcp");
    await page.getByTestId("mcp-delete-e2e-local").click();
    await page.getByTestId("confirm-ok").click();
    await expect(page.getByTestId("mcp-row-e2e-local")).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
