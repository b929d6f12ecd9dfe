import { expect, type Page, test } from "@playwright/test";
import { makePdf } from "../support/pdf-fixture";
import { trpcMutation } from "./fixtures";

/**
 * The Knowledge Base page against the real runtime: files are uploaded in the browser, ingested
 * by the durable function with the offline embedder, inspected chunk by chunk, searched in the
 * Query tester, refused as duplicates and deleted.
 */
const NOTES =
  "# Lighthouse keeping\n\n## Lamps\n\nThe keeper trims the wick of the lamp every evening at dusk.\n\n## Logbook\n\nEvery ship that passes is written in the logbook with its flag.";
const PDF = Buffer.from(makePdf(["Tide tables for the northern harbour.", "Pilots board ships at the outer buoy."]));

async function openPage(page: Page, namespace: string) {
  await page.goto(`/knowledge?ns=${namespace}`);
  await expect(page.getByTestId("page-title")).toHaveText("Knowledge Base");
}

async function openUpload(page: Page) {
  const dialog = page.getByTestId("upload-dialog");
  // The server-rendered page shows before it is hydrated and listens for keys.
  await expect(async () => {
    await page.locator("body").press("u");
    await expect(dialog).toBeVisible({ timeout: 1_000 });
  }).toPass();
  return dialog;
}

test("upload a Markdown file and a PDF, see them embedded, open the chunks, query, refuse a duplicate, delete", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A namespace of its own, so documents other specs index do not count here.
  const namespace = `e2e-${Date.now()}`;
  await trpcMutation(page, "knowledge.createNamespace", { name: namespace, description: "" });
  await openPage(page, namespace);
  await expect(page.getByTestId("kb-empty")).toBeVisible();

  const dialog = await openUpload(page);
  await dialog.getByTestId("upload-input").setInputFiles([
    { name: "lighthouse.md", mimeType: "text/markdown", buffer: Buffer.from(NOTES) },
    { name: "harbour.pdf", mimeType: "application/pdf", buffer: PDF },
  ]);
  const md = dialog.locator('[data-testid="upload-item"][data-name="lighthouse.md"]');
  const pdf = dialog.locator('[data-testid="upload-item"][data-name="harbour.pdf"]');
  // Upload, then ingestion (extract, chunk, embed with the offline encoder) as a task each.
  await expect(md).toHaveAttribute("data-state", "done", { timeout: 120_000 });
  await expect(pdf).toHaveAttribute("data-state", "done", { timeout: 120_000 });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  const row = (title: string) => page.locator(`[data-testid="kb-row"][data-title="${title}"]`);
  await expect(row("Lighthouse keeping")).toHaveAttribute("data-status", "embedded");
  await expect(row("harbour.pdf")).toHaveAttribute("data-status", "embedded");
  await expect(page.getByTestId("kb-stat-documents")).toContainText("2 / 2 embedded");

  // Detail with its chunks, each with a location.
  await row("Lighthouse keeping").click();
  const detail = page.getByTestId("kb-detail");
  await expect(detail.getByTestId("kb-detail-title")).toHaveText("Lighthouse keeping");
  await detail.getByTestId("kb-tab-chunks").click();
  await expect(detail.getByTestId("kb-chunk").first()).toBeVisible();
  await expect(detail.getByTestId("kb-chunk-location").first()).toContainText("Lighthouse keeping");

  // The deep link a chat citation uses opens that passage highlighted.
  const chunkId = await detail.getByTestId("kb-chunk").last().getAttribute("data-chunk-id");
  const docUrl = new URL(page.url());
  await page.goto(`/knowledge?ns=${namespace}&doc=${docUrl.searchParams.get("doc")}&chunk=${chunkId}`);
  await expect(page.locator(`[data-testid="kb-chunk"][data-chunk-id="${chunkId}"]`)).toHaveAttribute(
    "data-highlighted",
    "true",
  );

  // Query tester: the PDF's passage with BM25 rank, vector distance and fused score.
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("kb-detail")).toBeHidden();
  await page.locator("body").press("q");
  const tester = page.getByTestId("query-tester");
  await tester.getByTestId("query-text").fill("tide tables harbour");
  await tester.getByTestId("query-run").click();
  const hit = tester.getByTestId("query-hit").first();
  await expect(hit).toContainText("harbour.pdf");
  await expect(hit).toContainText("page 1");
  await expect(hit.getByTestId("query-scores")).toContainText(/fused\s*[01]\.\d{4}/);
  await expect(hit.getByTestId("query-scores")).toContainText(/BM25 rank\s*1/);
  await expect(hit.getByTestId("query-scores")).toContainText(/distance\s*0\.\d+/);
  await page.keyboard.press("Escape");

  // The same bytes under another name are reported, not stored twice.
  const again = await openUpload(page);
  await again
    .getByTestId("upload-input")
    .setInputFiles([{ name: "copy-of-notes.md", mimeType: "text/markdown", buffer: Buffer.from(NOTES) }]);
  const copy = again.locator('[data-testid="upload-item"][data-name="copy-of-notes.md"]');
  await expect(copy).toHaveAttribute("data-state", "duplicate");
  await expect(copy.getByTestId("upload-duplicate")).toContainText("Lighthouse keeping");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("kb-total")).toHaveText("2 documents");

  // Delete asks first, then the document leaves the library.
  await row("harbour.pdf").click();
  await page.getByTestId("kb-detail-delete").click();
  await page.getByTestId("confirm-ok").click();
  await expect(row("harbour.pdf")).toBeHidden();
  await expect(page.getByTestId("kb-total")).toHaveText("1 document");
});
