import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import superjson from "superjson";
import { appRouter } from "@/server/api/root";

/** Every tRPC procedure of the app router: path, type, required role, whether it takes input. */
export function listProcedures() {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: ProcedureDef }> }).procedures;
  return Object.entries(procedures).map(([name, p]) => ({
    path: name,
    type: p._def.type,
    auth: p._def.meta?.auth,
    hasInput: (p._def.inputs?.length ?? 0) > 0,
    inputSchema: p._def.inputs?.[0],
  }));
}

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  meta?: { auth?: "user" | "admin" };
  inputs?: unknown[];
}

/** Every route handler file under app/api, with its URL pattern. */
export function listRouteFiles(root = path.resolve("app/api")): { file: string; url: string }[] {
  const out: { file: string; url: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^route\.tsx?$/.test(name)) {
        const rel = path.relative(path.resolve("app"), path.dirname(full)).split(path.sep).join("/");
        out.push({ file: full, url: `/${rel}` });
      }
    }
  };
  walk(root);
  return out;
}

/** A tRPC HTTP request as the official client sends it (superjson-encoded input). */
export function trpcRequest(
  procedure: { path: string; type: string },
  input: unknown,
  headers: HeadersInit = {},
  raw?: string,
): Request {
  const base = `http://localhost/api/trpc/${procedure.path}`;
  const encoded = raw ?? JSON.stringify(superjson.serialize(input));
  if (procedure.type === "query") {
    return new Request(`${base}?input=${encodeURIComponent(encoded)}`, { headers });
  }
  const all = new Headers(headers);
  all.set("content-type", "application/json");
  return new Request(base, { method: "POST", headers: all, body: encoded });
}
