import type { ExportFormat } from "@/lib/logs/filters";
import type { LogDetail } from "@/server/logs/log-rows";

/** How each export format writes entries; pieces are streamed, never joined into one string. */
const CSV_COLUMNS = [
  "id",
  "time",
  "level",
  "subsystem",
  "message",
  "correlationId",
  "userId",
  "taskId",
  "agentId",
  "workflowId",
  "data",
  "stack",
] as const;

/** Quotes every cell; a cell a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value);
  if (typeof value !== "number" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

function csvRow(e: LogDetail): string {
  return `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(",")}\r\n`;
}

function txtRow(e: LogDetail): string {
  const ids = [
    `correlation=${e.correlationId}`,
    e.taskId && `task=${e.taskId}`,
    e.agentId && `agent=${e.agentId}`,
    e.workflowId && `workflow=${e.workflowId}`,
  ].filter(Boolean);
  let line = `${e.time} ${e.level.padEnd(8)} [${e.subsystem}] ${e.message} (${ids.join(" ")})`;
  if (e.data !== null) line += `\n    data: ${JSON.stringify(e.data)}`;
  if (e.stack) line += `\n    ${e.stack.split("\n").join("\n    ")}`;
  return `${line}\n`;
}

export const exportContentType: Record<ExportFormat, string> = {
  txt: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export function exportFilename(format: ExportFormat, now = new Date()): string {
  return `logs-${now.toISOString().slice(0, 19).replaceAll(":", "-")}.${format}`;
}

/** Turns batches of entries into a byte stream in the given format, pulling one batch at a time. */
export function exportStream(format: ExportFormat, batches: AsyncGenerator<LogDetail[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let out = "";
      if (!started) {
        started = true;
        if (format === "csv") out += `${CSV_COLUMNS.join(",")}\r\n`;
        if (format === "json") out += "[";
      }
      const next = await batches.next();
      if (next.done) {
        if (format === "json") out += first ? "]\n" : "\n]\n";
        if (out) controller.enqueue(encoder.encode(out));
        controller.close();
        return;
      }
      for (const e of next.value) {
        if (format === "csv") out += csvRow(e);
        else if (format === "txt") out += txtRow(e);
        else {
          const { highlight: _highlight, ...entry } = e;
          out += `${first ? "\n" : ",\n"}${JSON.stringify(entry)}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(out));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
