import { execFileSync } from "node:child_process";
import { createServer } from "node:net";

/** A port on 127.0.0.1 that the OS says is free now (it listens on port 0 and reads what it got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `count` distinct free ports, synchronously (for config files, which cannot await): a short
 * node process holds them all open at once, so no two are the same, then prints them.
 */
export function freePortsSync(count: number): number[] {
  const script = `
    const net = require("node:net");
    const servers = Array.from({ length: ${count} }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok, fail) => { s.once("error", fail); s.listen(0, "127.0.0.1", ok); })))
      .then(() => {
        process.stdout.write(JSON.stringify(servers.map((s) => s.address().port)));
        for (const s of servers) s.close();
      }, (err) => { console.error(err.message); process.exit(1); });`;
  const ports = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as number[];
  if (ports.length !== count || new Set(ports).size !== count) throw new Error(`Could not get ${count} free ports`);
  return ports;
}
