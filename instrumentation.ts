/** Next calls register() once per server process; background services start here. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerRuntime } = await import("@/server/runtime/start");
  await startServerRuntime();
}
