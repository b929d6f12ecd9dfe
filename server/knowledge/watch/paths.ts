import "server-only";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/server/env";
import { AppError } from "@/lib/errors";

/** True when `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** The folder's path relative to its root with forward slashes, or null when it escapes the root. */
export function relativeTo(root: string, file: string): string | null {
  if (!isInside(file, root) || file === root) return null;
  return path.relative(root, file).split(path.sep).join("/");
}

/**
 * A folder an admin may watch: absolute, existing, a directory, not the file-system root and not
 * the app's data directory (or inside it: the database and the index would feed themselves).
 * Symbolic links are resolved so the check applies to the real location.
 */
export async function validateFolderPath(input: string, dataDir: string = env.DATA_DIR): Promise<string> {
  const raw = input.trim();
  if (!path.isAbsolute(raw))
    throw new AppError(
      "BAD_REQUEST",
      `"${raw}" is not an absolute path. Give the full path of the folder, e.g. /home/me/Documents.`,
    );
  const info = await stat(raw).catch(() => null);
  if (!info) throw new AppError("BAD_REQUEST", `The folder ${raw} does not exist.`);
  if (!info.isDirectory()) throw new AppError("BAD_REQUEST", `${raw} is a file, not a folder.`);
  const real = await realpath(raw);
  if (path.parse(real).root === real)
    throw new AppError("BAD_REQUEST", "The root of the file system cannot be watched: choose a folder of documents.");
  const data = await realpath(dataDir).catch(() => path.resolve(dataDir));
  if (isInside(real, data))
    throw new AppError("BAD_REQUEST", `${raw} is the app's data directory (or inside it) and cannot be watched.`);
  return real;
}
