import { describe, expect, it } from "vitest";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { makeUser } from "@/tests/support/auth";
import { listProcedures, trpcRequest } from "@/tests/support/routes";

/**
 * Bad input anywhere gets a 4xx with a message a person can read: never a 500, never a stack.
 * Every procedure is called as an admin (so authorisation passes) with input that cannot be right.
 */
const procedures = listProcedures();
const json = (v: unknown) => JSON.stringify({ json: v });
const HOSTILE_INPUTS: [string, string][] = [
  ["unparseable JSON", "{not json"],
  ["a number", json(12345)],
  ["a string", json("x".repeat(10))],
  ["an array", json([1, 2, 3])],
];

/**
 * For an object input: one call per declared field with a value of the wrong type (a nested
 * object, wrong for every scalar, enum, array and date field). Fields that accept any object
 * (records, JSON documents) are skipped. Reads zod 4's own schema definition.
 */
type ZodDef = {
  type: string;
  innerType?: { _zod: { def: ZodDef } };
  in?: { _zod: { def: ZodDef } };
  shape?: Record<string, { _zod: { def: ZodDef } }>;
};
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);
function unwrap(def: ZodDef): ZodDef {
  if (WRAPPERS.has(def.type) && def.innerType) return unwrap(def.innerType._zod.def);
  // A pipe is checked against its input schema first.
  if (def.type === "pipe" && def.in) return unwrap(def.in._zod.def);
  return def;
}
function wrongFieldInputs(schema: unknown): [string, string][] {
  const def = (schema as { _zod?: { def: ZodDef } } | undefined)?._zod?.def;
  if (!def) return [];
  const object = unwrap(def);
  if (object.type !== "object" || !object.shape) return [];
  return Object.entries(object.shape)
    .filter(
      ([, field]) =>
        !["object", "record", "any", "unknown", "union", "custom", "lazy", "transform"].includes(
          unwrap(field._zod.def).type,
        ),
    )
    .map(([key]) => [`a wrong type for "${key}"`, json({ [key]: { wrong: [1, { deeper: true }] } })]);
}
// Unknown keys are stripped by zod, so this shape may be valid input for an all-optional
// filter; it must then neither fail nor pollute the prototype.
const POLLUTION = '{"json":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}';

function send(p: { path: string; type: string }, headers: Headers, input: unknown, raw?: string) {
  const req = trpcRequest(p, input, headers, raw);
  return p.type === "query" ? trpcGet(req) : trpcPost(req);
}

async function expectClientError(res: Response, label: string) {
  const body = await res.text();
  expect(res.status, `${label}: ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label}: ${body.slice(0, 300)}`).toBeLessThan(500);
  expect(body, label).not.toMatch(/\n\s+at [^\n]+:\d+:\d+/);
  expect(body, label).toMatch(/"message":"[^"]{8,}/);
}

describe("malformed input to every procedure", () => {
  it("knows the fields of the object inputs (so the wrong-type calls below are not empty)", () => {
    const withFields = procedures.filter((p) => wrongFieldInputs(p.inputSchema).length > 0);
    expect(withFields.length).toBeGreaterThan(procedures.filter((p) => p.hasInput).length / 2);
    expect(wrongFieldInputs(procedures.find((p) => p.path === "users.create")!.inputSchema).map(([l]) => l)).toEqual(
      expect.arrayContaining(['a wrong type for "email"', 'a wrong type for "role"']),
    );
  });

  it.each(procedures.map((p) => [p.path, p] as const))("%s answers 4xx with a message", async (_, p) => {
    const { headers } = await makeUser("admin");
    if (!p.hasInput) {
      // tRPC never reads input a procedure does not declare; it must still not fail.
      if (p.type === "query") {
        for (const [label, raw] of HOSTILE_INPUTS) {
          const res = await send(p, headers, undefined, raw);
          expect(res.status, `${p.path} with ${label}`).toBeLessThan(500);
        }
      }
      return;
    }
    for (const [label, raw] of [...HOSTILE_INPUTS, ...wrongFieldInputs(p.inputSchema)]) {
      await expectClientError(await send(p, headers, undefined, raw), `${p.path} with ${label}`);
    }
    if (p.type === "query") {
      const res = await send(p, headers, undefined, POLLUTION);
      expect(res.status, `${p.path} with a prototype-pollution shape`).toBeLessThan(500);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it("refuses an oversized body with 413 before reading it all", async () => {
    const { headers } = await makeUser("admin");
    const mutation = procedures.find((p) => p.type === "mutation")!;
    const res = await send(
      mutation,
      headers,
      undefined,
      JSON.stringify({ json: { name: "x".repeat(2 * 1024 * 1024) } }),
    );
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/larger than the limit/);
  });
});
