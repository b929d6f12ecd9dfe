import { randomUUID } from "node:crypto";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import { type FakeProviders, startFakeProviders } from "./fake-providers";
import { E2E_DATA_DIR, trpcMutation } from "./fixtures";

/**
 * The Chat page against the Ollama-compatible test server, run as its own process (the CLI in
 * tests/support) and scripted over its control routes.
 */
test.describe.configure({ mode: "serial" });

let fake: FakeProviders | undefined;
let ollamaUrl = "";
const MODEL = "ollama:llama3.2:latest";

async function script(...replies: { text?: string; thinking?: string; tokensPerSecond?: number }[]) {
  const res = await fetch(`${ollamaUrl}/__control/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(replies),
  });
  expect(res.ok).toBe(true);
}

type ChatBody = { model?: string; messages?: { role: string; content: string; images?: string[] }[] };

async function chatRequests(): Promise<{ path: string; outcome: string; body: ChatBody }[]> {
  const res = await fetch(`${ollamaUrl}/__control/requests`);
  return ((await res.json()) as { path: string; outcome: string; body: ChatBody }[]).filter(
    (r) => r.path === "/api/chat",
  );
}

async function pointOllamaAt(page: Page, url: string) {
  await trpcMutation(page, "settings.applyChanges", {
    changes: { providers: { ollamaUrl: url, defaultModel: MODEL } },
  });
}

async function newChat(page: Page) {
  await page.goto("/chat");
  await page.getByTestId("chat-new").click();
  await expect(page).toHaveURL(/\/chat\?session=/);
  await expect(page.getByTestId("chat-input")).toBeVisible();
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i + 1}`).join(" ");
const assistant = (page: Page) => page.locator('[data-testid="chat-message"][data-role="assistant"]');

test.beforeAll(async () => {
  fake = await startFakeProviders();
  ollamaUrl = fake.ollamaUrl;
});

test.afterAll(() => {
  fake?.stop();
});

test.beforeEach(async ({ page }) => {
  await pointOllamaAt(page, ollamaUrl);
  await fetch(`${ollamaUrl}/__control/reset`, { method: "POST" });
});

test("send: tokens arrive incrementally, then the answer and its figures are shown; reload keeps the history", async ({
  page,
}) => {
  await newChat(page);
  await expect(page.getByTestId("model-picker")).toHaveValue(MODEL);
  await script({ text: `Hello **there**. ${words(40)}`, tokensPerSecond: 10 });
  await page.getByTestId("chat-input").fill("Tell me a story");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("chat-input")).toHaveValue("");
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]')).toHaveText(/Tell me a story/);

  // Streaming shows the answer growing: more than 3 different lengths are seen before it is complete.
  const lengths = new Set<number>();
  await expect
    .poll(
      async () => {
        if ((await assistant(page).count()) > 0)
          lengths.add(((await assistant(page).first().textContent()) ?? "").length);
        return lengths.size;
      },
      { intervals: [50], message: "distinct answer lengths seen while streaming" },
    )
    .toBeGreaterThan(3);
  await expect(assistant(page)).toContainText("word40");
  await expect(assistant(page).locator("strong")).toHaveText("there");
  await expect(page.getByTestId("chat-send")).toBeVisible();
  await expect(assistant(page).getByTestId("chat-message-meta")).toContainText("tokens");

  await page.reload();
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]')).toHaveText(/Tell me a story/);
  await expect(assistant(page)).toContainText("word40");
  await expect(page.getByTestId("chat-session-item").first()).toContainText("Tell me a story");
});

test("Stop cancels at once and the provider's connection closes", async ({ page }) => {
  await newChat(page);
  await script({ text: words(400), tokensPerSecond: 20 });
  await page.getByTestId("chat-input").fill("Count forever");
  await page.getByTestId("chat-send").click();
  await expect(assistant(page)).toContainText("word3");
  await page.getByTestId("chat-stop").click();
  await expect(page.getByTestId("chat-send")).toBeVisible({ timeout: 2000 });
  await expect.poll(async () => (await chatRequests()).at(-1)?.outcome, { timeout: 5000 }).toBe("client-closed");
  // The saved partial answer may hold a few more tokens than the page had shown (they were on
  // their way when Stop was pressed); after that the text must stop changing, far from the end.
  let previous = "";
  await expect
    .poll(
      async () => {
        const now = (await assistant(page).textContent()) ?? "";
        const stable = now === previous;
        previous = now;
        return stable;
      },
      { intervals: [800], timeout: 6000 },
    )
    .toBe(true);
  expect(previous).toContain("word3");
  expect(previous).not.toContain("word400");
  // The provider never reported usage for the stopped answer: its size is an estimate, marked ~.
  await expect(page.getByTestId("chat-message-meta").last()).toContainText(/~\d+ out tokens.*\(stopped\)/);
});

test("Regenerate answers the last prompt again and keeps the earlier answer", async ({ page }) => {
  await newChat(page);
  await script({ text: "First answer." }, { text: "Second answer." });
  await page.getByTestId("chat-input").fill("Say something");
  await page.getByTestId("chat-input").press("Enter");
  await expect(assistant(page)).toContainText("First answer.");
  await expect(page.getByTestId("chat-send")).toBeVisible();
  await page.getByTestId("chat-regenerate").click();
  await expect(assistant(page)).toContainText("Second answer.");
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]')).toHaveCount(1);
  await page.getByTestId("chat-alternatives-toggle").click();
  await expect(page.getByTestId("chat-alternatives")).toContainText("First answer.");
});

test("switching the model mid-session sends the next prompt to the new model and remembers it", async ({ page }) => {
  await newChat(page);
  await script({ text: "From llama." }, { text: "From qwen." });
  await page.getByTestId("chat-input").fill("Who are you?");
  await page.getByTestId("chat-input").press("Enter");
  await expect(assistant(page)).toContainText("From llama.");
  await expect(page.getByTestId("chat-send")).toBeVisible();
  await page.getByTestId("model-picker").selectOption("ollama:qwen3:0.6b");
  await page.getByTestId("chat-input").fill("And now?");
  await page.getByTestId("chat-input").press("Enter");
  await expect(assistant(page).nth(1)).toContainText("From qwen.");
  expect((await chatRequests()).map((r) => r.body.model)).toEqual(["llama3.2:latest", "qwen3:0.6b"]);
  await expect(assistant(page).nth(1).getByTestId("chat-message-meta")).toContainText("ollama:qwen3:0.6b");
  await page.reload();
  await expect(page.getByTestId("model-picker")).toHaveValue("ollama:qwen3:0.6b");
});

test("a provider that is down shows a clear error; the typed message is kept and Retry answers it", async ({
  page,
}) => {
  await newChat(page);
  await pointOllamaAt(page, "http://127.0.0.1:9");
  await page.getByTestId("chat-input").fill("Is anyone there?");
  await page.getByTestId("chat-input").press("Enter");
  const notice = page.locator('[data-testid="chat-message"][data-role="system"]');
  await expect(notice).toContainText("Ollama");
  await expect(notice).toContainText("127.0.0.1:9");
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]')).toHaveText(/Is anyone there\?/);

  await page.reload();
  await expect(page.locator('[data-testid="chat-message"][data-role="user"]')).toHaveText(/Is anyone there\?/);
  await pointOllamaAt(page, ollamaUrl);
  await script({ text: "Yes, I am here." });
  await page.getByTestId("chat-retry").click();
  await expect(assistant(page)).toContainText("Yes, I am here.");
  await expect(notice).toHaveCount(0);
});

test("attach a text file: the chip shows it, the model receives its content, the sent message keeps it after reload", async ({
  page,
}) => {
  await newChat(page);
  await script({ text: "The plan ships on Friday." });
  await page.getByTestId("chat-file-input").setInputFiles({
    name: "plan.md",
    mimeType: "text/markdown",
    buffer: Buffer.from("# Plan\nShip the inspector on Friday."),
  });
  const chip = page.getByTestId("chat-attachment-chip");
  await expect(chip).toHaveAttribute("data-state", "ready");
  await expect(chip).toContainText("plan.md");
  await page.getByTestId("chat-input").fill("When do we ship?");
  await page.getByTestId("chat-input").press("Enter");
  await expect(assistant(page)).toContainText("The plan ships on Friday.");
  await expect(chip).toHaveCount(0);
  const prompt = (await chatRequests()).at(-1)!.body.messages!.at(-1)!;
  expect(prompt.content).toContain("When do we ship?");
  expect(prompt.content).toContain("Ship the inspector on Friday.");
  await page.reload();
  await expect(page.getByTestId("chat-message-attachments")).toContainText("plan.md");
});

test("an image for a model that cannot see is refused before sending; the text and the file stay in the composer", async ({
  page,
}) => {
  await newChat(page);
  await page.getByTestId("chat-file-input").setInputFiles({
    name: "chart.png",
    mimeType: "image/png",
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
  });
  await expect(page.getByTestId("chat-attachment-chip")).toHaveAttribute("data-state", "ready");
  await page.getByTestId("chat-input").fill("What does this chart show?");
  await page.getByTestId("chat-send").click();
  await expect(page.getByTestId("chat-error")).toContainText("cannot see images");
  await expect(page.getByTestId("chat-input")).toHaveValue("What does this chart show?");
  await expect(page.getByTestId("chat-attachment-chip")).toContainText("chart.png");
  expect(await chatRequests()).toHaveLength(0);
});

test("the inspector (Ctrl+I) shows the exact request and the raw response; the context meter shows the window Ollama runs the model with (num_ctx)", async ({
  page,
}) => {
  await newChat(page);
  await script({ text: "Inspected answer." });
  await page.getByTestId("chat-input").fill("Show me your request");
  await page.getByTestId("chat-input").press("Enter");
  await expect(assistant(page)).toContainText("Inspected answer.");
  await expect(page.getByTestId("chat-send")).toBeVisible();
  await expect(page.getByTestId("chat-context-meter")).toContainText("/ 4.1K");
  await page.keyboard.press("Control+i");
  const panel = page.getByTestId("chat-inspector");
  await expect(panel.getByTestId("inspector-request")).toContainText('"content": "Show me your request"');
  await expect(panel.getByTestId("inspector-request")).toContainText('"model": "llama3.2:latest"');
  await panel.getByRole("tab", { name: "Response" }).click();
  await expect(panel.getByTestId("inspector-response")).toContainText('"text": "Inspected answer."');
  await page.keyboard.press("Control+i");
  await expect(panel).toHaveCount(0);
  await assistant(page).getByTestId("chat-inspect").click();
  await expect(page.getByTestId("inspector-call")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
});

test("a 2,000-message session opens at its end, renders only what is visible, and scrolls to its start", async ({
  page,
}) => {
  const session = await trpcMutation(page, "chat.create", { title: "Long session", modelId: MODEL });
  // Written straight into the e2e database: 2,000 turns through a model would take minutes.
  const db = new Database(path.join(E2E_DATA_DIR, "app.db"));
  const insert = db.prepare(
    "INSERT INTO \"ChatMessage\" (id, sessionId, seq, role, parts, text, status, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?)",
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 1; i <= 2000; i++) {
      const text = `Message number ${i}${i % 7 === 0 ? "\n\nwith a second paragraph" : ""}`;
      insert.run(
        randomUUID(),
        session.id,
        i,
        i % 2 ? "user" : "assistant",
        JSON.stringify([{ type: "text", text }]),
        text,
        now,
        now,
      );
    }
  })();
  db.close();

  await page.goto(`/chat?session=${session.id}`);
  const list = page.getByTestId("chat-messages");
  await expect(list).toHaveAttribute("data-count", "2000");
  await expect(list.getByText("Message number 2000", { exact: true })).toBeVisible();
  expect(await page.getByTestId("chat-message").count()).toBeLessThan(60);
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(list.getByText("Message number 1", { exact: true })).toBeVisible();
  await expect(page.getByTestId("chat-jump-latest")).toBeVisible();
  await page.getByTestId("chat-jump-latest").click();
  await expect(list.getByText("Message number 2000", { exact: true })).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the list and the open chat take turns: New chat shows the chat alone, All chats brings the list back", async ({
    page,
  }) => {
    await page.goto("/chat");
    await expect(page.getByTestId("chat-sessions")).toBeVisible();
    await expect(page.getByTestId("chat-empty")).toBeHidden();
    await page.getByTestId("chat-new").click();
    await expect(page).toHaveURL(/\/chat\?session=/);
    await expect(page.getByTestId("chat-input")).toBeVisible();
    await expect(page.getByTestId("chat-sessions")).toBeHidden();
    // Only the model stays in the header until More controls opens the rest.
    await expect(page.getByTestId("model-picker")).toBeVisible();
    await expect(page.getByTestId("team-picker")).toBeHidden();
    await page.getByTestId("chat-more-controls").click();
    await expect(page.getByTestId("team-picker")).toBeVisible();
    await expect(page.getByTestId("agent-picker")).toBeVisible();
    await expect(page.getByTestId("chat-inspector-toggle")).toBeVisible();
    await script({ text: "Short answer." });
    await page.getByTestId("chat-input").fill("Hello from a phone");
    await page.getByTestId("chat-input").press("Enter");
    await expect(assistant(page)).toContainText("Short answer.");
    await page.getByTestId("chat-back").click();
    await expect(page).toHaveURL(/\/chat$/);
    await expect(page.getByTestId("chat-sessions")).toBeVisible();
    await expect(page.getByTestId("chat-input")).toBeHidden();
    await expect(page.getByTestId("chat-sessions").getByText("Short answer.")).toBeVisible();
  });
});
