import { db } from "@/server/db";

/** The Alert table. */

/** The newest alert with this source and title that nobody has acknowledged yet. */
export async function getOpenAlertBySourceAndTitle({ source, title }: { source: string; title: string }) {
  return db.alert.findFirst({
    where: { source, title, acknowledgedAt: null },
    orderBy: { createdAt: "desc" },
  });
}

export async function insertAlert(data: { level: string; source: string; title: string; message: string }) {
  return db.alert.create({ data });
}

export async function updateAlertById({ id, level, message }: { id: string; level: string; message: string }) {
  return db.alert.update({ where: { id }, data: { level, message } });
}

/** Newest first; the acknowledged ones only when asked for. */
export async function listRecentAlerts({
  includeAcknowledged,
  limit,
}: {
  includeAcknowledged: boolean;
  limit: number;
}) {
  return db.alert.findMany({
    where: includeAcknowledged ? {} : { acknowledgedAt: null },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}

/** Marks the alert acknowledged unless it already is; returns how many rows changed (0 or 1). */
export async function acknowledgeOpenAlertById({ id, actorId }: { id: string; actorId: string }): Promise<number> {
  const { count } = await db.alert.updateMany({
    where: { id, acknowledgedAt: null },
    data: { acknowledgedAt: new Date(), acknowledgedById: actorId },
  });
  return count;
}

export async function alertExistsById({ id }: { id: string }): Promise<boolean> {
  return (await db.alert.findUnique({ where: { id }, select: { id: true } })) !== null;
}
