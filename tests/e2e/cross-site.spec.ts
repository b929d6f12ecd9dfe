import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import superjson from "superjson";
import { trpcMutation, trpcQuery } from "./fixtures";

/**
 * Issue 22, finding 4, over real HTTP against the built app: a page on another port of the same
 * host is "same-site", so the admin's SameSite=Lax cookie rides along with its requests. From
 * such a page, forged requests (tRPC as text/plain and as a form, a file upload, a server action
 * post) must change nothing, while the app's own pages keep working.
 */
let evil: Server;
let evilOrigin: string;

function attackPage(app: string, marker: string): string {
  const body = JSON.stringify(superjson.serialize({ title: marker }));
  return `<!doctype html><title>free prizes</title><body><script>
    const app = ${JSON.stringify(app)};
    const shots = [
      fetch(app + "/api/trpc/chat.create", { method: "POST", mode: "no-cors", credentials: "include",
        headers: { "content-type": "text/plain" }, body: ${JSON.stringify(body)} }),
      fetch(app + "/api/trpc/automation.pauseAll", { method: "POST", mode: "no-cors", credentials: "include" }),
      fetch(app + "/api/knowledge/upload?namespace=default&name=${marker}.md&embed=0", { method: "POST",
        mode: "no-cors", credentials: "include", body: new Blob(["# ${marker}"]) }),
      fetch(app + "/profile", { method: "POST", mode: "no-cors", credentials: "include",
        headers: { "next-action": "0".repeat(40) }, body: "[]" }),
    ];
    const form = document.createElement("form");
    form.method = "POST"; form.action = app + "/api/trpc/chat.create"; form.enctype = "text/plain";
    form.target = "sink";
    const input = document.createElement("input");
    input.name = ${JSON.stringify(body.slice(0, -1))}; input.value = "}";
    form.appendChild(input);
    const frame = document.createElement("iframe"); frame.name = "sink"; document.body.appendChild(frame);
    document.body.appendChild(form); form.submit();
    Promise.allSettled(shots).then(() => { document.title = "done"; });
  </script></body>`;
}

test.beforeAll(async () => {
  evil = createServer();
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => evil.close(() => resolve()));
});

test("a page on another port cannot make the signed-in admin change anything", async ({ page, baseURL }) => {
  const marker = `csrf-${Date.now()}`;
  evil.removeAllListeners("request");
  evil.on("request", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(attackPage(baseURL!, marker));
  });
  const pausedBefore = (await trpcQuery(page, "automation.status")).paused;

  await page.goto(evilOrigin);
  await expect(page).toHaveTitle("done", { timeout: 15_000 });
  // The form post's navigation lands in the iframe; give it its answer before looking.
  await page.waitForLoadState("networkidle");

  const chats = await trpcQuery(page, "chat.list", { search: marker });
  expect(chats).toHaveLength(0);
  expect((await trpcQuery(page, "automation.status")).paused).toBe(pausedBefore);
  const docs = await trpcQuery(page, "knowledge.documents", { namespace: "default", q: marker });
  expect(JSON.stringify(docs)).not.toContain(marker);
});

test("the app's own pages still make changes", async ({ page }) => {
  await page.goto("/");
  const created = await page.evaluate(async () => {
    const res = await fetch("/api/trpc/chat.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { title: "own page" } }),
    });
    return res.status;
  });
  expect(created).toBe(200);
  expect(await trpcMutation(page, "chat.create", { title: "script" })).toMatchObject({ title: "script" });
});
