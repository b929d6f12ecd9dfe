/** A one-line progress bar on a terminal; plain lines when the output is a file or a pipe. */
export function progressBar(out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, total: number) {
  let last = "";
  return {
    update(done: number, label: string) {
      const pct = total ? Math.round((done / total) * 100) : 100;
      if (out.isTTY) {
        const width = 28;
        const filled = Math.round((width * pct) / 100);
        const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total} ${label}`;
        out.write(`\r${line.slice(0, (out.columns ?? 100) - 1).padEnd(last.length)}`);
        last = line;
      } else out.write(`${done}/${total} ${label}\n`);
    },
    done() {
      if (out.isTTY && last) out.write("\n");
    },
  };
}
