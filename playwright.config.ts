import { defineConfig, devices } from "@playwright/test";
import { ADMIN_STATE, E2E_DATA_DIR as DATA_DIR } from "./tests/e2e/fixtures";
import { freePortsSync } from "./tests/support/free-port";

/**
 * Browser tests against the production build (`next build` runs before, in test-all.sh) in
 * Debian's Chromium: `npx playwright install` downloads a browser and cannot work here.
 * The "setup" project creates the first admin on a fresh database and saves the signed-in
 * state; every other spec starts signed in from it. The specs share that one database, so
 * they run one at a time.
 */
/**
 * The app and its embedded executor listen on ports the OS says are free now, so a running dev
 * server (3000, EXECUTOR_PORT 8290) or a second run does not collide. Playwright loads this file
 * again in each worker: the runner's picks go into the environment, which the workers inherit, so
 * every process agrees (E2E_APP_PORT / E2E_EXECUTOR_PORT, when set, are used as they are).
 */
if (!process.env.E2E_APP_PORT || !process.env.E2E_EXECUTOR_PORT) {
  const [app, executor] = freePortsSync(2);
  process.env.E2E_APP_PORT ||= String(app);
  process.env.E2E_EXECUTOR_PORT ||= String(executor);
}
const PORT = Number(process.env.E2E_APP_PORT);
const EXECUTOR_PORT = Number(process.env.E2E_EXECUTOR_PORT);
const BASE_URL = `http://127.0.0.1:${PORT}`;

const wipeDataDir = `node -e "require('node:fs').rmSync(process.env.DATA_DIR, { recursive: true, force: true })"`;

export default defineConfig({
  testDir: "tests/e2e",
  // Not test-results/ itself: Playwright empties its output folder, and the Vitest report,
  // the e2e database and the saved sign-in live beside it.
  outputDir: "test-results/playwright",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /setup\.spec\.ts$/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "app",
      testIgnore: /setup\.spec\.ts$/,
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], storageState: ADMIN_STATE },
    },
  ],
  webServer: {
    command: `${wipeDataDir} && node scripts/prisma.mjs migrate deploy && npx next start -H 127.0.0.1 -p ${PORT}`,
    url: `${BASE_URL}/sign-in`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATA_DIR,
      NEXTAUTH_URL: BASE_URL,
      LOG_STDOUT: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
      EXECUTOR_PORT: String(EXECUTOR_PORT),
    },
  },
});
