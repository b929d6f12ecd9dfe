// `npm run kb -- ingest|query|eval ...`: the knowledge-base services from a terminal, against the
// same data directory as the app (DATA_DIR), whether or not the app is running (SQLite WAL lets
// both write). Log lines stay off stdout so `--json` prints exactly one JSON object.
process.env.LOG_STDOUT = "0";

async function main(): Promise<void> {
  const { runKbCli } = await import("@/server/knowledge/cli/main");
  const code = await runKbCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
  // The TensorFlow backend and the database keep handles open; the work is done.
  process.stdout.write("", () => process.exit(code));
}

void main();
