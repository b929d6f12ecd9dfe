import { expect, type Page, test } from "@playwright/test";
import { type FakeProviders, startFakeProviders } from "./fake-providers";
import { trpcMutation } from "./fixtures";

/**
 * A chat answered by the built-in Planner + Executor team, against the Ollama-compatible test
 * server scripting the planner's JSON plan, the executor's reports and the planner's review.
 */
test.describe.configure({ mode: "serial" });

let fake: FakeProviders | undefined;
let ollamaUrl = "";
const MODEL = "ollama:llama3.2:latest";

type Reply = { text?: string; fault?: { kind: "slow-first-token"; delayMs: number } };

async function script(...replies: Reply[]) {
  const res = await fetch(`${ollamaUrl}/__control/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(replies),
  });
  expect(res.ok).toBe(true);
}

test.beforeAll(async () => {
  fake = await startFakeProviders();
  ollamaUrl = fake.ollamaUrl;
});

test.afterAll(() => {
  fake?.stop();
});

test.beforeEach(async ({ page }) => {
  await trpcMutation(page, "settings.applyChanges", { changes: { providers: { ollamaUrl, defaultModel: MODEL } } });
  await fetch(`${ollamaUrl}/__control/reset`, { method: "POST" });
});

const agentMessages = (page: Page) => page.locator('[data-testid="chat-message"][data-role="assistant"]');

test("pick the team in a chat, send a goal: the checklist appears and ticks, each member's message shows its name and role", async ({
  page,
}) => {
  await page.goto("/chat");
  await page.getByTestId("chat-new").click();
  await expect(page).toHaveURL(/\/chat\?session=/);
  await expect(page.getByTestId("chat-input")).toBeVisible();

  const picker = page.getByTestId("team-picker");
  await expect(picker.locator("option", { hasText: "Planner + Executor" })).toHaveCount(1);
  await picker.selectOption({ label: "👥 Planner + Executor" });
  await expect(page.getByText("The team answers from now on")).toBeVisible();

  await script(
    {
      text: JSON.stringify({
        steps: [{ title: "Gather the facts", detail: "List what is known" }, { title: "Write the answer" }],
      }),
    },
    // Slow enough to see the first step running before it ticks.
    { text: "Facts gathered: the sky is blue.", fault: { kind: "slow-first-token", delayMs: 1_500 } },
    { text: "Answer written.", fault: { kind: "slow-first-token", delayMs: 500 } },
    { text: JSON.stringify({ done: true, summary: "The sky is blue because of Rayleigh scattering." }) },
  );
  await page.getByTestId("chat-input").fill("Explain why the sky is blue");
  await page.getByTestId("chat-input").press("Enter");

  const checklist = page.getByTestId("plan-checklist");
  await expect(checklist).toBeVisible();
  const steps = checklist.getByTestId("plan-step");
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toHaveAttribute("data-status", "running");
  await expect(steps.nth(0)).toHaveAttribute("data-status", "done");
  await expect(steps.nth(1)).toHaveAttribute("data-status", "done");
  await expect(checklist).toHaveAttribute("data-status", "succeeded");
  await expect(checklist.getByTestId("plan-status")).toHaveText("Done");

  await expect(agentMessages(page)).toHaveCount(4);
  const speakers = agentMessages(page).getByTestId("chat-message-agent");
  await expect(speakers.nth(0)).toContainText("Planner");
  await expect(speakers.nth(0).getByTestId("chat-message-agent-role")).toHaveText(
    "Breaks a goal into ordered, checkable steps",
  );
  await expect(speakers.nth(1)).toContainText("Executor");
  await expect(speakers.nth(1).getByTestId("chat-message-agent-role")).toHaveText(
    "Carries out a plan step by step with tools",
  );
  await expect(agentMessages(page).nth(1)).toContainText("Facts gathered");
  await expect(agentMessages(page).nth(3)).toContainText("Rayleigh scattering");

  // After a reload the conversation, the speakers and the checklist are all still there.
  await page.reload();
  await expect(page.getByTestId("plan-checklist")).toHaveAttribute("data-status", "succeeded");
  await expect(agentMessages(page).getByTestId("chat-message-agent")).toHaveCount(4);
});

test("the Agents page's Teams tab: the built-in team is listed; create a team of two agents, then delete it", async ({
  page,
}) => {
  await page.goto("/agents?tab=teams");
  const builtin = page.getByTestId("team-card").filter({ hasText: "Planner + Executor" });
  await expect(builtin).toBeVisible();
  await expect(builtin).toContainText("built-in");

  const name = `E2E team ${Date.now()}`;
  await page.getByTestId("teams-new").click();
  const dialog = page.getByTestId("team-dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByTestId("team-save").click();
  await expect(dialog.getByTestId("team-form-error")).toContainText("A team has exactly one planner.");

  await dialog.getByTestId("team-add-member").click();
  await dialog.getByTestId("team-add-member").click();
  await dialog.getByLabel("Member 1 agent").selectOption({ label: "Planner" });
  await dialog.getByLabel("Member 2 agent").selectOption({ label: "Coder" });
  await expect(dialog.getByLabel("Member 1 role")).toHaveValue("planner");
  await expect(dialog.getByLabel("Member 2 role")).toHaveValue("executor");
  await dialog.getByLabel("Max rounds").fill("2");
  await dialog.getByLabel("Stop phrase").fill("ALL DONE");
  await dialog.getByTestId("team-save").click();
  await expect(dialog).toBeHidden();

  const card = page.getByTestId("team-card").filter({ hasText: name });
  await expect(card).toContainText("Up to 2 rounds");
  await expect(card).toContainText('stops at "ALL DONE"');
  await expect(card.locator("li")).toHaveText([/Planner\s*planner/, /Coder\s*executor/]);

  page.once("dialog", (d) => void d.accept());
  await card.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(card).toHaveCount(0);
});
