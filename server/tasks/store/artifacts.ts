import { db } from "@/server/db";

/** The Artifact table: files a task produced (the files themselves live under DATA_DIR/artifacts). */

export async function insertArtifact(data: { taskId: string; name: string; mime: string; size: number; path: string }) {
  return db.artifact.create({ data });
}

export async function updateArtifactPathById({ id, path }: { id: string; path: string }) {
  return db.artifact.update({ where: { id }, data: { path } });
}

export async function getArtifactByIdAndTask({ id, taskId }: { id: string; taskId: string }) {
  return db.artifact.findFirst({ where: { id, taskId } });
}

export async function listArtifactsByTask({ taskId }: { taskId: string }) {
  return db.artifact.findMany({
    where: { taskId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, mime: true, size: true, createdAt: true },
  });
}
