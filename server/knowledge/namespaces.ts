import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { KbNamespace } from "@/server/generated/prisma/client";
import { DEFAULT_EMBEDDER, type EmbedderSpec } from "@/server/knowledge/embedders";
import { getNamespaceByName, upsertNamespaceByName } from "@/server/knowledge/store/namespaces";

/** The namespaces every installation has (PRODUCT.md). */
export const DEFAULT_NAMESPACES = ["default", "emails", "reports", "projects"] as const;

export const namespaceNameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,47}$/,
    "A namespace name is 1-48 lower-case letters, digits, - or _, starting with a letter or digit.",
  );

/**
 * Default fusion weights for a new namespace. The lite encoder is weak on technical text: fused
 * at equal weight it is worse than BM25 alone, at 0.1 it helps (retrieval-notes.md). Stronger
 * embedders start at equal weight; the evaluation's Calibrate replaces both with measured ones.
 */
export function defaultWeights(spec: EmbedderSpec): { bm25Weight: number; vectorWeight: number } {
  return spec.provider === "builtin" ? { bm25Weight: 1, vectorWeight: 0.1 } : { bm25Weight: 1, vectorWeight: 1 };
}

export async function findNamespace(name: string): Promise<KbNamespace | null> {
  return getNamespaceByName({ name });
}

export async function getNamespace(name: string): Promise<KbNamespace> {
  const ns = await findNamespace(name);
  if (ns) return ns;
  if ((DEFAULT_NAMESPACES as readonly string[]).includes(name)) return ensureNamespace(name);
  throw new AppError("NOT_FOUND", `There is no knowledge-base namespace "${name}".`);
}

/** The namespace, created with the given (or the offline default) embedder when it does not exist yet. */
export async function ensureNamespace(
  name: string,
  spec: EmbedderSpec & { dimension: number } = DEFAULT_EMBEDDER,
): Promise<KbNamespace> {
  const valid = namespaceNameSchema.safeParse(name);
  if (!valid.success) throw new AppError("BAD_REQUEST", valid.error.issues[0]?.message ?? "Invalid namespace name.");
  return upsertNamespaceByName({
    name: valid.data,
    create: {
      embedderProvider: spec.provider,
      embedderModel: spec.model,
      dimension: spec.dimension,
      ...defaultWeights(spec),
    },
  });
}

export function namespaceEmbedder(ns: Pick<KbNamespace, "embedderProvider" | "embedderModel">): EmbedderSpec {
  return { provider: ns.embedderProvider, model: ns.embedderModel };
}
