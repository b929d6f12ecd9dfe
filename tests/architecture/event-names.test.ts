import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { EVENT, RUN_EVENT } from "@/inngest/events/names";
import { listSourceFiles, ROOT } from "@/tests/support/import-graph";

/**
 * One event catalogue (inngest/events/): an event name written as a string anywhere else would
 * drift from it. Tests may make up their own events; the embedded executor implements the
 * Inngest protocol, whose own event names it must speak whatever the app's catalogue says.
 */
const CATALOGUE = /^inngest\/events\//;
const EXEMPT = /^server\/executor\//;
const namespaces = [...new Set([...Object.values(EVENT), ...Object.values(RUN_EVENT)].map((n) => n.split("/")[0]))];
const eventLike = new RegExp(`^(${namespaces.join("|")})/[\\w.*-]+$`);

function eventLiterals(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const isImportPath = !!node.parent && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent));
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !isImportPath) {
      if (eventLike.test(node.text)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`${file}:${line} "${node.text}"`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the event catalogue", () => {
  it("is the only place an event name is written", () => {
    const files = ["app", "components", "hooks", "lib", "server", "inngest"]
      .flatMap((d) => listSourceFiles(d))
      .filter((f) => !/\.test\.tsx?$/.test(f) && !CATALOGUE.test(f) && !EXEMPT.test(f) && !f.includes("/generated/"));
    expect(files.flatMap(eventLiterals)).toEqual([]);
  });

  it("names each event once", () => {
    const names = [...Object.values(EVENT), ...Object.values(RUN_EVENT)];
    expect(new Set(names).size).toBe(names.length);
  });

  it("the scanner finds a literal", () => {
    expect(eventLiterals("inngest/events/names.ts").length).toBeGreaterThan(3);
  });
});
