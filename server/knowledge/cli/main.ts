import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { isAppError } from "@/lib/errors";
import { progressBar } from "@/server/knowledge/cli/progress-bar";

type Out = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
interface Io {
  stdout: Out;
  stderr: Out;
}

const USAGE = `Usage:
  npm run kb -- ingest PATH... --namespace NAME [--embedder SPEC] [--no-embed]
  npm run kb -- query "text" --namespace NAME [--top 10] [--retriever hybrid|bm25|vector] [--embedder SPEC] [--json]
  npm run kb -- eval FILE.jsonl --namespace NAME [--calibrate] [--json]
SPEC: builtin:use-lite (default), ollama:<model>, compat:<endpoint>:<model>. --embedder only chooses the
embedder of a namespace that ingest creates; query refuses one that differs from the namespace's.`;

class UsageError extends Error {}

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      namespace: { type: "string", short: "n" },
      top: { type: "string", short: "k" },
      json: { type: "boolean" },
      retriever: { type: "string" },
      embedder: { type: "string" },
      "no-embed": { type: "boolean" },
      calibrate: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  return { values, positionals };
}

async function ingest(paths: string[], v: ReturnType<typeof parse>["values"], io: Io): Promise<number> {
  if (paths.length === 0) throw new UsageError("Say which files or folders to ingest.");
  const { ensureNamespace, findNamespace } = await import("@/server/knowledge/namespaces");
  const { createEmbedder, parseEmbedderSpec, probeDimension } = await import("@/server/knowledge/embedders");
  const { collectFiles, ingestFile } = await import("@/server/knowledge/ingest-file");
  const name = v.namespace!;
  if (!(await findNamespace(name))) {
    const spec = v.embedder ? parseEmbedderSpec(v.embedder) : null;
    const dimension = spec ? await probeDimension(createEmbedder(spec)) : undefined;
    const ns = await ensureNamespace(name, spec && dimension ? { ...spec, dimension } : undefined);
    io.stderr.write(
      `Created namespace "${ns.name}" (${ns.embedderProvider}:${ns.embedderModel}, ${ns.dimension} dimensions).\n`,
    );
  }
  const files = await collectFiles(paths);
  if (files.length === 0) {
    io.stderr.write("No supported files found (PDF, DOCX, XLSX, CSV, HTML, Markdown, text, code, EML).\n");
    return 1;
  }
  const bar = progressBar(io.stderr, files.length);
  const counts = { indexed: 0, unchanged: 0, duplicate: 0, failed: 0, chunks: 0 };
  const failures: string[] = [];
  for (const [i, file] of files.entries()) {
    bar.update(i, path.basename(file));
    try {
      const outcome = await ingestFile({ namespace: name, filePath: file, source: "file" }, { embed: !v["no-embed"] });
      counts[outcome.status]++;
      if (outcome.status === "failed") failures.push(`${file}: ${outcome.error}`);
      else counts.chunks += outcome.chunkCount;
    } catch (err) {
      counts.failed++;
      failures.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  bar.update(files.length, "done");
  bar.done();
  for (const f of failures) io.stderr.write(`failed: ${f}\n`);
  const summary = { namespace: name, files: files.length, ...counts };
  io.stdout.write(
    v.json
      ? `${JSON.stringify(summary)}\n`
      : `Indexed ${counts.indexed}, unchanged ${counts.unchanged}, duplicates ${counts.duplicate}, failed ${counts.failed}; ${counts.chunks} chunks.\n`,
  );
  return counts.failed > 0 ? 1 : 0;
}

async function query(words: string[], v: ReturnType<typeof parse>["values"], io: Io): Promise<number> {
  const text = words.join(" ").trim();
  if (!text) throw new UsageError("Say what to search for.");
  const top = v.top ? Number(v.top) : 10;
  if (!Number.isInteger(top) || top < 1 || top > 50) throw new UsageError("--top must be a whole number from 1 to 50.");
  const retriever = v.retriever ?? "hybrid";
  if (!["hybrid", "bm25", "vector"].includes(retriever)) throw new UsageError("--retriever is hybrid, bm25 or vector.");
  const { getNamespace } = await import("@/server/knowledge/namespaces");
  const { createEmbedder, parseEmbedderSpec } = await import("@/server/knowledge/embedders");
  const { search } = await import("@/server/knowledge/search");
  const ns = await getNamespace(v.namespace!);
  const embedder = v.embedder ? createEmbedder(parseEmbedderSpec(v.embedder)) : undefined;
  const result = await search({
    namespace: ns,
    query: text,
    topK: top,
    retriever: retriever as "hybrid",
    embedder,
    log: { origin: "cli" },
  });
  if (v.json) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  if (result.nothingRelevant) io.stdout.write("Nothing relevant found.\n");
  for (const h of result.hits) {
    const where = [
      h.page && `page ${h.page}`,
      h.headingPath,
      h.lineStart && `lines ${h.lineStart}-${h.lineEnd}`,
      h.rowStart && `rows ${h.rowStart}-${h.rowEnd}`,
    ]
      .filter(Boolean)
      .join(", ");
    io.stdout.write(
      `${h.rank}. ${h.sourcePath ?? h.documentTitle}${where ? ` (${where})` : ""}  score ${h.score}  bm25 #${h.bm25Rank ?? "-"}  vector #${h.vectorRank ?? "-"}\n   ${h.text.slice(0, 200).replace(/\s+/g, " ")}\n`,
    );
  }
  return 0;
}

async function evaluate(files: string[], v: ReturnType<typeof parse>["values"], io: Io): Promise<number> {
  if (files.length !== 1) throw new UsageError("Give one JSONL file of questions.");
  const { getNamespace } = await import("@/server/knowledge/namespaces");
  const { importEvalItems, parseEvalJsonl, runEvaluation } = await import("@/server/knowledge/evaluate");
  const ns = await getNamespace(v.namespace!);
  const items = parseEvalJsonl(await readFile(files[0]!, "utf8"));
  await importEvalItems(ns, items, "replace");
  const bar = progressBar(io.stderr, items.length);
  const run = await runEvaluation(ns, { calibrate: v.calibrate, onProgress: (done) => bar.update(done, "questions") });
  bar.done();
  if (v.json) {
    io.stdout.write(`${JSON.stringify({ namespace: ns.name, ...run })}\n`);
    return 0;
  }
  io.stdout.write(`${run.itemCount} questions, namespace "${ns.name}"\nretriever  hit@1  hit@5  MRR@10\n`);
  for (const key of ["bm25", "vector", "hybrid"] as const) {
    const s = run.results[key];
    io.stdout.write(`${key.padEnd(9)}  ${s.hit1.toFixed(3)}  ${s.hit5.toFixed(3)}  ${s.mrr10.toFixed(3)}\n`);
  }
  io.stdout.write(
    `hybrid weights: bm25 ${run.weights.bm25}, vector ${run.weights.vector}${v.calibrate ? " (calibrated and kept on the namespace)" : ""}\n`,
  );
  return 0;
}

/** Runs one CLI command; returns the exit code (0 ok, 1 failed work, 2 usage). */
export async function runKbCli(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parse(args);
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.stdout.write(`${USAGE}\n`);
      return values.help ? 0 : 2;
    }
    if (!["ingest", "query", "eval"].includes(command)) throw new UsageError(`Unknown command "${command}".`);
    if (!values.namespace) throw new UsageError("--namespace NAME is required.");
    const { migrateIfNeeded } = await import("@/server/knowledge/cli/migrate");
    await migrateIfNeeded();
    if (command === "ingest") return await ingest(rest, values, io);
    if (command === "query") return await query(rest, values, io);
    return await evaluate(rest, values, io);
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(
      `${isAppError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
}
