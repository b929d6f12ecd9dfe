import { db } from "@/server/db";

/** The RuntimeState table: small JSON values the scheduler and the health check keep between runs. */

export async function getRuntimeStateByKey({ key }: { key: string }): Promise<string | null> {
  return (await db.runtimeState.findUnique({ where: { key } }))?.value ?? null;
}

export async function upsertRuntimeState({ key, value }: { key: string; value: string }): Promise<void> {
  await db.runtimeState.upsert({ where: { key }, create: { key, value }, update: { value } });
}
