import { expect, type Page, test } from "@playwright/test";
import { type FakeProviders, freePort, startFakeProviders } from "./fake-providers";
import { ADMIN_STATE, trpcMutation } from "./fixtures";

/**
 * Settings -> Providers against the Ollama and OpenAI-compatible test servers, run as their own
 * process (tests/support/fake-providers-cli.ts) with a slow pull so the progress bar is seen.
 */
test.describe.configure({ mode: "serial" });

let fake: FakeProviders | undefined;
let ollamaUrl = "";
let openaiUrl = "";

async function pointProvidersAt(page: Page, ollama: string) {
  // Another spec may have left an OpenRouter key, which would make the mode Hybrid.
  await trpcMutation(page, "secrets.delete", { name: "openrouter.apiKey" }).catch(() => undefined);
  await trpcMutation(page, "settings.applyChanges", {
    changes: {
      providers: {
        ollamaUrl: ollama,
        ollamaEnabled: true,
        openaiCompatible: [{ id: "lm", name: "LM Studio", baseUrl: openaiUrl, enabled: true }],
      },
    },
  });
}

test.beforeAll(async () => {
  fake = await startFakeProviders({ openai: true, pullStepMs: 300 });
  ollamaUrl = fake.ollamaUrl;
  openaiUrl = fake.openaiUrl!;
});

test.afterAll(async ({ browser }) => {
  const context = await browser.newContext({ storageState: ADMIN_STATE });
  await trpcMutation(context.request, "settings.applyChanges", { changes: { providers: { openaiCompatible: [] } } });
  await context.close();
  fake?.stop();
});

test("connection test shows latency and models found; the model table shows what is loaded; the mode is Local", async ({
  page,
}) => {
  await pointProvidersAt(page, ollamaUrl);
  await page.goto("/settings/providers");
  const ollama = page.getByTestId("provider-card-ollama");
  await expect(ollama.getByTestId("provider-status")).toHaveText("Ready");
  await ollama.getByTestId("provider-test").click();
  await expect(ollama.getByTestId("provider-test-result")).toHaveAttribute("data-ok", "true");
  await expect(ollama.getByTestId("provider-test-latency")).toHaveText(/^\d+ ms$/);
  await expect(ollama.getByTestId("provider-test-models")).toHaveText("3");
  await expect(ollama.getByTestId("provider-status")).toHaveText("Connected");
  const llama = ollama.locator('[data-testid="provider-model-row"][data-model-id="ollama:llama3.2:latest"]');
  await expect(llama).toContainText("128K");
  await expect(llama).toContainText("VRAM");
  await expect(llama).toContainText("tools");

  const lm = page.getByTestId("provider-card-compat-lm");
  await lm.getByTestId("provider-test").click();
  await expect(lm.getByTestId("provider-test-models")).toHaveText("2");

  await expect(page.getByTestId("provider-mode-label")).toHaveText("Local");
  await expect(page.getByTestId("provider-mode-badge")).toHaveAttribute("data-mode", "local");
});

test("pull: the progress bar runs to 100 % and the model joins the table; delete asks first", async ({ page }) => {
  await pointProvidersAt(page, ollamaUrl);
  await page.goto("/settings/providers");
  const ollama = page.getByTestId("provider-card-ollama");
  await expect(ollama.getByTestId("provider-status")).toHaveText("Ready");
  await ollama.getByTestId("ollama-pull-open").click();
  await page.getByTestId("ollama-pull-name").fill("tinyllama");
  await page.getByTestId("ollama-pull-name").press("Enter");

  const dialog = page.getByRole("dialog");
  const job = dialog.getByTestId("provider-job");
  await expect(job).toHaveAttribute("data-job-status", "running");
  await expect(job.getByTestId("provider-job-bar")).toBeVisible();
  await expect(job.getByTestId("provider-job-message")).toContainText(/MB of 607\.5 MB|pulling/);
  await expect(job).toHaveAttribute("data-job-status", "done", { timeout: 20_000 });
  await expect(job.getByTestId("provider-job-percent")).toHaveText("100 %");
  await page.keyboard.press("Escape");

  const row = ollama.locator('[data-testid="provider-model-row"][data-model-id="ollama:tinyllama:latest"]');
  await expect(row).toBeVisible();
  await row.getByTestId("provider-model-actions").click();
  await page.getByTestId("provider-model-delete").click();
  await expect(page.getByRole("alertdialog")).toContainText("Delete tinyllama:latest from Ollama?");
  await page.getByTestId("confirm-ok").click();
  await expect(row).toHaveCount(0);
});

test("Ollama down: the card says where it looked and how to start it", async ({ page }) => {
  await pointProvidersAt(page, `http://127.0.0.1:${await freePort()}`);
  await page.goto("/settings/providers");
  const ollama = page.getByTestId("provider-card-ollama");
  await expect(ollama.getByTestId("provider-status")).toHaveText("Unavailable");
  const problem = ollama.getByTestId("provider-problem");
  await expect(problem).toContainText(
    /Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. ?Start it with ollama serve, or change the URL below\./,
  );
  // One piece of advice, the card's own: not also the generic one that points at this page.
  await expect(problem).not.toContainText("Settings -> Providers");
  await ollama.getByTestId("provider-test").click();
  await expect(ollama.getByTestId("provider-status")).toHaveText("Unreachable");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Ollama: unreachable" })).toContainText(
    /Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/,
  );
  // The card says it once: the problem box, not also a test line above it.
  await expect(ollama.getByTestId("provider-test-result")).toHaveCount(0);
  await expect(problem).toContainText("ollama serve");
});
