import { describe, expect, it } from "vitest";
import { type ImportEdge, importsOf, listSourceFiles } from "@/tests/support/import-graph";

/**
 * The layering rule of docs/architecture.md, checked on every source file: lib/ is safe to import
 * in the browser, components/ and hooks/ reach the server only through tRPC, routes and server
 * actions, and server/ never depends on app/. Type-only imports are fine everywhere.
 */
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const edgesOf = (dirs: string[]) =>
  dirs.flatMap((dir) => listSourceFiles(dir).filter((f) => !isTest(f))).flatMap((f) => importsOf(f));
const show = (edges: ImportEdge[]) => edges.map((e) => `${e.from}:${e.line} imports ${e.specifier}`);

// Packages that only run in Node (or need server secrets): a lib/ file that imports one is server code.
const SERVER_ONLY_PACKAGE =
  /^(node:|server-only$|next\/headers$|better-sqlite3$|@prisma\/|sqlite-vec$|node-llama-cpp$|@huggingface\/|chokidar$|quickjs-emscripten|@modelcontextprotocol\/|inngest|mammoth$|exceljs$|pdfjs-dist|linkedom$|turndown$|docx$|@energetic-ai\/|mailparser$|next-auth\/next$)/;
// "use server" modules under app/ are server actions: the one way a client component calls the server besides tRPC.
const SERVER_ACTIONS = /^app\/.*\/actions$/;

describe("layers", () => {
  it("lib/ imports nothing from server/ or app/ and no Node-only package", () => {
    const bad = edgesOf(["lib"]).filter(
      (e) =>
        !e.typeOnly &&
        (e.target?.startsWith("server/") || e.target?.startsWith("app/") || SERVER_ONLY_PACKAGE.test(e.specifier)),
    );
    expect(show(bad)).toEqual([]);
  });

  it("components/ and hooks/ import server/ for types only", () => {
    const bad = edgesOf(["components", "hooks"]).filter(
      (e) =>
        !e.typeOnly &&
        (e.target?.startsWith("server/") || (e.target?.startsWith("app/") && !SERVER_ACTIONS.test(e.target))),
    );
    expect(show(bad)).toEqual([]);
  });

  it("server/ and inngest/ never import app/", () => {
    const bad = edgesOf(["server", "inngest"]).filter((e) => e.target?.startsWith("app/"));
    expect(show(bad)).toEqual([]);
  });

  it("the scanner sees value, type and dynamic imports", () => {
    const edges = importsOf("tests/architecture/layers.test.ts");
    expect(edges.find((e) => e.specifier === "@/tests/support/import-graph")?.typeOnly).toBe(false);
    expect(edges.find((e) => e.specifier === "vitest")?.typeOnly).toBe(false);
  });
});
