import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type FakeProviders, startFakeProviders } from "./fake-providers";
import { E2E_DATA_DIR, trpcMutation } from "./fixtures";

/**
 * "Use documents" in chat: a document ingested with the kb CLI into the e2e data directory, a
 * chat that turns documents on, an answer from the Ollama test server that cites [1], the
 * sources panel with scores, and the citation opening the Knowledge page at the passage.
 */
test.describe.configure({ mode: "serial" });

const MODEL = "ollama:llama3.2:latest";
const NAMESPACE = "e2e-harbour";
let fake: FakeProviders | undefined;

async function script(...replies: { text: string }[]) {
  const res = await fetch(`${fake!.ollamaUrl}/__control/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(replies),
  });
  expect(res.ok).toBe(true);
}

async function lastSystemPrompt(): Promise<string> {
  const res = await fetch(`${fake!.ollamaUrl}/__control/requests`);
  const chats = (
    (await res.json()) as { path: string; body: { messages?: { role: string; content: string }[] } }[]
  ).filter((r) => r.path === "/api/chat");
  return (chats.at(-1)?.body.messages ?? [])
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n");
}

const assistant = (page: Page) => page.locator('[data-testid="chat-message"][data-role="assistant"]');

test.beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "e2e-docs-"));
  const file = path.join(dir, "harbour-rules.md");
  writeFileSync(
    file,
    "# Harbour rules\n\n## Night arrivals\n\nShips arriving after sunset must dock at berth seven and report to the night pilot.\n\n## Fuel\n\nRefuelling happens only at the east quay between six and ten in the morning.\n",
  );
  // The same data directory as the server under test (playwright.config.ts); SQLite WAL lets both write.
  execFileSync("npm", ["run", "--silent", "kb", "--", "ingest", file, "--namespace", NAMESPACE], {
    env: { ...process.env, DATA_DIR: E2E_DATA_DIR },
    stdio: "pipe",
    timeout: 120_000,
  });
});

test.beforeAll(async () => {
  fake = await startFakeProviders();
});

test.afterAll(() => {
  fake?.stop();
});

test("Use documents: the answer cites the passage, the sources panel shows scores, the citation opens the passage", async ({
  page,
}) => {
  await trpcMutation(page, "settings.applyChanges", {
    changes: { providers: { ollamaUrl: fake!.ollamaUrl, defaultModel: MODEL } },
  });
  await page.goto("/chat");
  await page.getByTestId("chat-new").click();
  await expect(page).toHaveURL(/\/chat\?session=/);

  const toggle = page.getByTestId("chat-documents-toggle");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("chat-documents-namespace").selectOption(NAMESPACE);
  await expect(page.getByTestId("chat-documents-namespace")).toHaveValue(NAMESPACE);

  await script({ text: "Ships that arrive after sunset dock at berth seven [1]." });
  await page.getByTestId("chat-input").fill("Where do ships dock after sunset?");
  await page.getByTestId("chat-input").press("Enter");
  await expect(assistant(page)).toContainText("Ships that arrive after sunset dock at berth seven");
  await expect(page.getByTestId("chat-send")).toBeVisible();
  expect(await lastSystemPrompt()).toMatch(/\[1\] Harbour rules[\s\S]*berth seven/);

  const chip = assistant(page).getByTestId("citation-chip");
  await expect(chip).toHaveCount(1);
  await expect(chip).toHaveText("1");
  const href = await chip.getAttribute("href");
  expect(href).toMatch(/^\/knowledge\?doc=[^&]+&chunk=\d+$/);

  const panel = assistant(page).getByTestId("chat-sources");
  await expect(panel).toContainText(`from "${NAMESPACE}"`);
  await expect(panel).toContainText("1 cited");
  await panel.locator("summary").click();
  const first = panel.getByTestId("chat-source").first();
  await expect(first).toHaveAttribute("data-cited", "true");
  await expect(first).toContainText("Harbour rules");
  await expect(first.getByTestId("chat-source-scores")).toContainText(/fused \d\.\d{3}/);
  await expect(first.getByTestId("chat-source-scores")).toContainText(/BM25 rank 1/);

  // Saved with the answer: after a reload the citation and the cited flag are still there.
  await page.reload();
  await expect(assistant(page).getByTestId("citation-chip")).toHaveAttribute("href", href!);
  await expect(page.getByTestId("chat-documents-toggle")).toHaveAttribute("aria-pressed", "true");

  await assistant(page).getByTestId("citation-chip").click();
  await expect(page).toHaveURL(new RegExp(`/knowledge\\?doc=[^&]+&chunk=${href!.split("chunk=")[1]}$`));
  const passage = page.locator('[data-testid="kb-chunk"][data-highlighted="true"]');
  await expect(passage).toContainText("berth seven");
  await expect(passage).toHaveAttribute("data-chunk-id", href!.split("chunk=")[1]!);
});
