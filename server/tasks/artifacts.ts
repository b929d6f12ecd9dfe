import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError, NotFoundError } from "@/lib/errors";
import { env } from "@/server/env";
import { getArtifactByIdAndTask, insertArtifact, updateArtifactPathById } from "@/server/tasks/store/artifacts";
import { getVisibleTaskOrThrow, type TaskViewer } from "@/server/tasks/visibility";

const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

export function artifactsRoot(): string {
  return path.join(env.DATA_DIR, "artifacts");
}

function safeName(name: string): string {
  const base = path
    .basename(name)
    .replace(/[^A-Za-z0-9._ -]/g, "_")
    .trim();
  return (base || "artifact").slice(0, 120);
}

/** Writes a file a task produced under DATA_DIR/artifacts/<taskId>/ and records it. */
export async function storeArtifact(input: { taskId: string; name: string; mime?: string; data: Buffer | string }) {
  const bytes = typeof input.data === "string" ? Buffer.from(input.data, "utf8") : input.data;
  if (bytes.length > MAX_ARTIFACT_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "An artifact can be at most 100 MB.");
  const name = safeName(input.name);
  const artifact = await insertArtifact({
    taskId: input.taskId,
    name,
    mime: input.mime ?? "application/octet-stream",
    size: bytes.length,
    path: "",
  });
  const relative = path.join(input.taskId, `${artifact.id}-${name}`);
  await mkdir(path.join(artifactsRoot(), input.taskId), { recursive: true });
  await writeFile(path.join(artifactsRoot(), relative), bytes);
  return updateArtifactPathById({ id: artifact.id, path: relative });
}

/** The file behind an artifact, if the viewer may see its task. */
export async function artifactForDownload(q: { viewer: TaskViewer; taskId: string; artifactId: string }) {
  await getVisibleTaskOrThrow(q.viewer, q.taskId);
  const artifact = await getArtifactByIdAndTask({ id: q.artifactId, taskId: q.taskId });
  if (!artifact?.path) throw new NotFoundError("That artifact");
  const file = path.resolve(artifactsRoot(), artifact.path);
  if (!file.startsWith(path.resolve(artifactsRoot()) + path.sep)) throw new NotFoundError("That artifact");
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new NotFoundError("That artifact's file");
  return { file, name: artifact.name, mime: artifact.mime, size: info.size };
}

export async function removeArtifactFiles(taskIds: string[]): Promise<void> {
  await Promise.all(taskIds.map((id) => rm(path.join(artifactsRoot(), id), { recursive: true, force: true })));
}
