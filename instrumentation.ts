/** Next calls register() once per server process; background services start here. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Backups, uploads and generated files are this user's only (700 folders, 600 files), also
  // when the server is started without the launcher (which sets the same umask).
  process.umask(0o077);
  const { startServerRuntime } = await import("@/server/runtime/start");
  await startServerRuntime();
}
