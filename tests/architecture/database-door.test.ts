import { describe, expect, it } from "vitest";
import { importsOf, listSourceFiles } from "@/tests/support/import-graph";

/**
 * One door per domain: only a domain's store (server/<domain>/store.ts, or a store/ folder when
 * it is large) touches Prisma or the raw SQLite connection. Services call their store; routers,
 * routes, pages and durable functions call services. Types from the generated client are fine.
 */
const DOOR = /^server\/db(\/|$)|^server\/generated\//;
const isStore = (file: string) =>
  /^server\/(.+\/)?store(\.ts|\/[^/]+\.ts)$/.test(file) || file.startsWith("server/db/");
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

describe("the database door", () => {
  it("only stores import the database client, the raw connection or the generated client's values", () => {
    const files = ["app", "components", "hooks", "lib", "server", "inngest"].flatMap((d) => listSourceFiles(d));
    const offenders = files
      .filter((f) => !isTest(f) && !isStore(f) && !f.startsWith("server/generated/"))
      .flatMap((f) => importsOf(f))
      .filter((e) => !e.typeOnly && e.target !== null && DOOR.test(e.target) && e.target !== "server/db/errors")
      .map((e) => `${e.from}:${e.line} imports ${e.specifier}`);
    expect(offenders).toEqual([]);
  });
});
