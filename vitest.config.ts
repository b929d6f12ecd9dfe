import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // Next resolves "server-only" to an empty module on the server; so do the tests.
      "server-only": path.resolve(__dirname, "tests/support/empty-module.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "tests/e2e/**", ".next/**", "data/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-env.ts"],
    pool: "forks",
    testTimeout: 30_000,
    // server/executor/executor.steps.test.ts makes a function throw a BigInt and a circular object
    // on purpose: the inngest SDK (served in the test process) then fails to serialise them and
    // rejects unhandled, which is the SDK behaviour the executor must survive. Only those two SDK
    // errors are ignored; any other unhandled error still fails the run.
    onUnhandledError(error) {
      const fromSdk = /node_modules[\\/]inngest[\\/]/.test(error.stack ?? "");
      const unserialisable = /Do not know how to serialize a BigInt|Converting circular structure to JSON/.test(
        error.message,
      );
      return !(fromSdk && unserialisable);
    },
    hookTimeout: 60_000,
  },
});
