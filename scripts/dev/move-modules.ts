/**
 * Moves modules and rewrites every import of them (`@/` and relative specifiers, vi.mock paths,
 * docs). Usage: tsx scripts/dev/move-modules.ts old=new [old=new ...], where each side is a file
 * or folder path relative to the repository root, without an extension for files.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { listSourceFiles, ROOT } from "@/tests/support/import-graph";

const moves = process.argv.slice(2).map((arg) => {
  const [from, to] = arg.split("=");
  if (!from || !to) throw new Error(`Expected old=new, got ${arg}`);
  return { from: from.replace(/\/$/, ""), to: to.replace(/\/$/, "") };
});

const EXTENSIONS = [".ts", ".tsx", ".mts", ".mjs", ".js"];
function mapPath(p: string): string {
  for (const { from, to } of moves) {
    if (p === from) return to;
    if (p.startsWith(`${from}/`)) return to + p.slice(from.length);
  }
  return p;
}

const dirs = ["app", "components", "hooks", "lib", "server", "inngest", "tests", "bench", "scripts", "prisma"];
const files = dirs.flatMap((d) => (existsSync(path.join(ROOT, d)) ? listSourceFiles(d) : []));
files.push(...["next.config.ts", "vitest.config.ts", "playwright.config.ts", "instrumentation.ts", "prisma.config.ts"]);

const specifier = /((?:from|import|mock|doMock|importActual)\s*\(?\s*["'])([^"']+)(["'])/g;
for (const file of files) {
  const abs = path.join(ROOT, file);
  if (!existsSync(abs)) continue;
  const text = readFileSync(abs, "utf8");
  const newFile = mapPath(file.replace(/\.(tsx?|mts|mjs|js)$/, "")) + path.extname(file);
  const out = text.replace(specifier, (whole, pre: string, spec: string, post: string) => {
    let target: string | null = null;
    if (spec.startsWith("@/")) target = spec.slice(2);
    else if (spec.startsWith(".")) target = path.join(path.dirname(file), spec).split(path.sep).join("/");
    if (target === null) return whole;
    const mapped = mapPath(target);
    if (spec.startsWith("@/")) return mapped === target ? whole : `${pre}@/${mapped}${post}`;
    if (mapped === target && newFile === file) return whole;
    let rel = path.relative(path.dirname(newFile), mapped).split(path.sep).join("/");
    if (!rel.startsWith(".")) rel = `./${rel}`;
    return `${pre}${rel.startsWith("../") ? `@/${mapped}` : rel}${post}`;
  });
  if (out !== text) writeFileSync(abs, out);
}

// Docs and config text that name the paths.
const textFiles = execFileSync("git", ["ls-files", "*.md", "*.json", "*.jsonc", "*.mjs", "*.sh"], {
  cwd: ROOT,
  encoding: "utf8",
})
  .split("\n")
  .filter(Boolean);
for (const file of textFiles) {
  const abs = path.join(ROOT, file);
  let text = readFileSync(abs, "utf8");
  const before = text;
  for (const { from, to } of moves) {
    text = text.replace(
      new RegExp(`(?<![\\w/-])${from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[/.\\s\`'")\\]:,]|$)`, "gm"),
      to,
    );
  }
  if (text !== before) writeFileSync(abs, text);
}

for (const { from, to } of moves) {
  const candidates = [from, ...EXTENSIONS.map((e) => from + e), ...EXTENSIONS.map((e) => `${from}.test${e}`)];
  for (const c of candidates) {
    const abs = path.join(ROOT, c);
    if (!existsSync(abs)) continue;
    const dest = to + c.slice(from.length);
    mkdirSync(path.dirname(path.join(ROOT, dest)), { recursive: true });
    execFileSync("git", ["mv", c, dest], { cwd: ROOT });
    if (statSync(path.join(ROOT, dest)).isDirectory()) continue;
  }
}
console.log(`moved ${moves.length} module(s)`);
