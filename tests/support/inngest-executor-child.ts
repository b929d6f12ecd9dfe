import { Executor } from "@/server/executor/executor";

/**
 * Runs an embedded executor in its own process (for the SIGKILL durability test):
 * configuration comes as JSON in argv[2]; prints "ready" once started and synced.
 */
const config = JSON.parse(process.argv[2]!) as {
  dbFile: string;
  appUrl: string;
  signingKey: string;
  eventKey: string;
  port: number;
  checkpointing: boolean;
};
const executor = new Executor({ ...config, backoffBaseMs: 20 });
void executor
  .start()
  .then(() => executor.sync())
  .then(() => process.stdout.write("ready\n"))
  .catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
