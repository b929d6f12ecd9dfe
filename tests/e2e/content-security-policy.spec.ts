import { expect, test } from "@playwright/test";

/**
 * Issue 22, finding 15: pages carry a nonce-based Content-Security-Policy, so markup that slipped
 * into a page cannot run script, while the app's own scripts (each with the response's nonce)
 * hydrate as before. Every other browser spec runs under the same policy.
 */
test("pages carry a nonce policy; the app's scripts have the nonce; injected handlers do not run", async ({ page }) => {
  const response = await page.goto("/");
  const policy = response?.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");

  const scripts = await page
    .locator("script")
    .evaluateAll((nodes) =>
      nodes.map((n) => ({ nonce: (n as HTMLScriptElement).nonce, src: (n as HTMLScriptElement).src })),
    );
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts.filter((x) => !x.src)) expect(s.nonce).toBe(nonce);

  const blocked = await page.evaluate(
    () =>
      new Promise<{ directive: string; ran: boolean }>((resolve) => {
        document.addEventListener(
          "securitypolicyviolation",
          (e) => resolve({ directive: e.violatedDirective, ran: "pwned" in window }),
          { once: true },
        );
        document.body.insertAdjacentHTML("beforeend", `<img src="data:," onerror="window.pwned = 1" alt="">`);
        document.body.insertAdjacentHTML("beforeend", `<img src="/nope.png" onerror="window.pwned = 1" alt="">`);
      }),
  );
  expect(blocked.directive).toMatch(/^script-src/);
  expect(blocked.ran).toBe(false);
});
