#!/usr/bin/env bash
# `npm run test:all`: installs what the tests need, then runs every test: typecheck, lint and
# format check (Biome), Vitest (unit and integration), the production build and Playwright in
# Debian's Chromium.
# Ends with one line "N passed, N failed" and a non-zero exit code when anything failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export NEXT_TELEMETRY_DISABLED=1
RESULTS=test-results
mkdir -p "$RESULTS"
VITEST_JSON="$RESULTS/vitest.json"
PLAYWRIGHT_JSON="$RESULTS/playwright.json"
rm -f "$VITEST_JSON" "$PLAYWRIGHT_JSON"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
failed_steps=()

step "Dependencies"
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=$(cat node_modules/.install-stamp 2>/dev/null || true)
if [[ "$stamp" == "$lock_hash" ]]; then
  echo "node_modules matches package-lock.json."
elif [[ -z "$stamp" && -f node_modules/.package-lock.json && ! node_modules/.package-lock.json -ot package-lock.json ]]; then
  # Installed by hand: npm's own record is at least as new as the lock.
  echo "$lock_hash" > node_modules/.install-stamp
  echo "node_modules is newer than package-lock.json."
else
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.install-stamp
fi

step "Chromium for Playwright"
if [[ -x /usr/bin/chromium ]]; then
  /usr/bin/chromium --version 2>/dev/null || true
elif [[ "$(id -u)" == "0" ]]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-liberation
else
  echo "The browser tests need Debian's Chromium at /usr/bin/chromium. Install it, then run this again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y chromium fonts-liberation" >&2
  exit 1
fi

step "Prisma client"
node scripts/prisma.mjs generate

step "Typecheck (tsc --noEmit)"
if ! npx tsc --noEmit; then failed_steps+=("typecheck"); fi

step "Lint and format (Biome)"
if ! npx biome ci --error-on-warnings .; then failed_steps+=("lint"); fi

step "Unit and integration tests (Vitest)"
vitest_rc=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$VITEST_JSON" || vitest_rc=$?
[[ $vitest_rc -eq 0 ]] || echo "Vitest reported failures."

step "Production build (next build)"
if npx next build; then
  step "Browser tests (Playwright)"
  if ! npx playwright test; then echo "Playwright reported failures."; fi
else
  failed_steps+=("build")
  echo "The build failed, so the browser tests did not run."
fi

step "Summary"
VITEST_RC=$vitest_rc FAILED_STEPS="${failed_steps[*]:-}" node --input-type=module - "$VITEST_JSON" "$PLAYWRIGHT_JSON" <<'EOF'
import { existsSync, readFileSync } from "node:fs";
const [vitestFile, playwrightFile] = process.argv.slice(2);
const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : null);
let passed = 0, failed = 0, skipped = 0;
const steps = (process.env.FAILED_STEPS ?? "").split(" ").filter(Boolean);
const v = read(vitestFile);
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A file that fails to load has no tests to count: count the file.
  failed += (v.testResults ?? []).filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  console.log(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed`);
  // Unhandled errors fail the run without failing a test: they must not pass unnoticed.
  if (process.env.VITEST_RC !== "0" && v.numFailedTests === 0) steps.push("vitest (unhandled errors)");
} else {
  steps.push("vitest (no report)");
}
const p = read(playwrightFile);
if (p) {
  const s = p.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  failed += (p.errors ?? []).length;
  console.log(`playwright: ${s.expected + s.flaky} passed (${s.flaky} flaky), ${s.unexpected} failed, ${(p.errors ?? []).length} errors`);
} else if (!steps.includes("build")) {
  steps.push("playwright (no report)");
}
if (steps.length) console.log(`failed steps: ${steps.join(", ")}`);
failed += steps.length;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
EOF
