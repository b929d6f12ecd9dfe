import { db, preparedStatement } from "@/server/db";
import { columnList } from "@/server/db/sql";

/** The Secret table: values sealed by server/secrets/crypto.ts, never plaintext. */
export interface SealedSecret {
  name: string;
  ciphertext: string;
  iv: string;
  tag: string;
}

const summarySelect = { name: true, hint: true, updatedAt: true } as const;

// Read on every chat turn that resolves a provider, so prepared once (docs/benchmarks.md).
const sealedByName = preparedStatement<[string]>(
  `SELECT ${columnList("Secret", ["name", "ciphertext", "iv", "tag"])} FROM "Secret" WHERE "name" = ?`,
);

export async function getSealedSecretByName({ name }: { name: string }): Promise<SealedSecret | null> {
  return ((await sealedByName()).get(name) as SealedSecret | undefined) ?? null;
}

export async function secretExistsByName({ name }: { name: string }): Promise<boolean> {
  return (await db.secret.findUnique({ where: { name }, select: { id: true } })) !== null;
}

export async function upsertSecretByName({
  name,
  data,
}: {
  name: string;
  data: Omit<SealedSecret, "name"> & { hint: string; updatedById: string | null };
}) {
  return db.secret.upsert({ where: { name }, create: { name, ...data }, update: data, select: summarySelect });
}

export async function listSecretSummaries() {
  return db.secret.findMany({ select: summarySelect, orderBy: { name: "asc" } });
}

/** False when there was no such secret. */
export async function deleteSecretByName({ name }: { name: string }): Promise<boolean> {
  const { count } = await db.secret.deleteMany({ where: { name } });
  return count > 0;
}
