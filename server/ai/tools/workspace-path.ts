import { constants, promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";

/** Bytes a file tool reads or writes at most in one call. */
export const MAX_FILE_BYTES = 1024 * 1024;

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function refuse(p: string): never {
  throw new AppError(
    "FORBIDDEN",
    `The path "${p}" is outside the workspace folder. Use a path relative to the workspace, without "..".`,
  );
}

/** The nearest existing ancestor of a path (the path itself when it exists), resolved through links. */
async function realAncestor(p: string): Promise<string> {
  let current = p;
  for (;;) {
    try {
      return await fs.realpath(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      const parent = path.dirname(current);
      if (parent === current) throw err;
      current = parent;
    }
  }
}

/**
 * Resolves a model-supplied path inside the workspace. Lexical check first (no "..", no absolute
 * path elsewhere), then the real path of the target, or of its nearest existing ancestor for a
 * file about to be created, must still be inside the workspace's real path: a symlink that points
 * out is refused wherever it sits in the path.
 */
export async function resolveInWorkspace(workspaceDir: string, relPath: string): Promise<string> {
  if (relPath.includes("\0")) refuse(relPath.replace(/\0/g, "\\0"));
  const root = await fs.realpath(workspaceDir);
  const cleaned = relPath.trim() === "" ? "." : relPath.trim();
  const target = path.resolve(root, cleaned);
  if (!inside(root, target)) refuse(relPath);
  const real = await realAncestor(target);
  if (!inside(root, real)) refuse(relPath);
  return target;
}

/** The workspace-relative form of an absolute path, with forward slashes, for answers to the model. */
export function workspaceRelative(workspaceDir: string, absPath: string): string {
  return path.relative(workspaceDir, absPath).split(path.sep).join("/") || ".";
}

/** Creates the workspace folder when missing and returns its real path. */
export async function ensureWorkspace(dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  return fs.realpath(dir);
}

/**
 * Writes a whole file inside the workspace: the path is checked (traversal, links), folders are
 * created, and the final open does not follow a link swapped in after the check.
 */
export async function writeWorkspaceFile(
  workspaceDir: string,
  relPath: string,
  data: string | Uint8Array,
  opts: { append?: boolean } = {},
): Promise<string> {
  const file = await resolveInWorkspace(workspaceDir, relPath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await resolveInWorkspace(workspaceDir, relPath);
  const flags =
    constants.O_WRONLY |
    constants.O_CREAT |
    constants.O_NOFOLLOW |
    (opts.append ? constants.O_APPEND : constants.O_TRUNC);
  const handle = await openRegularFile(file, relPath, flags, 0o644);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
  return file;
}

function notRegular(relPath: string): AppError {
  return new AppError(
    "BAD_REQUEST",
    `"${relPath}" is not a regular file; file tools read and write only regular files.`,
  );
}

/**
 * Opens a file for a file tool without ever blocking: a FIFO or a device planted in the workspace
 * would hold one of libuv's four pool threads per call until someone opened the other end, and a
 * few calls froze every file operation of the server (sign-in, uploads, static files). O_NONBLOCK
 * makes such an open return at once (regular files ignore it); anything but a regular file is
 * then refused.
 */
export async function openRegularFile(
  file: string,
  relPath: string,
  flags: number,
  mode?: number,
): Promise<FileHandle> {
  const handle = await fs.open(file, flags | constants.O_NONBLOCK, mode).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ELOOP")
      throw new AppError("FORBIDDEN", `"${relPath}" is a link; file tools do not write through links.`);
    // A FIFO opened for writing without a reader.
    if (err.code === "ENXIO") throw notRegular(relPath);
    throw err;
  });
  const stat = await handle.stat().catch(async (err: unknown) => {
    await handle.close();
    throw err;
  });
  if (!stat.isFile()) {
    await handle.close();
    throw notRegular(relPath);
  }
  return handle;
}
