import { constants } from "node:fs";
import { copyFile, mkdir, open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "@/server/env";
import { AppError, NotFoundError } from "@/lib/errors";

/** GGUF files live in <DATA_DIR>/models, named by file: the model id is `embedded:<file>`. */
export const ggufFileNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.gguf$/i,
    "Use a .gguf file name of letters, digits, dots, dashes or underscores.",
  );

export interface GgufFile {
  file: string;
  sizeBytes: number;
  modifiedAt: Date;
}

export function modelsDir(): string {
  return path.join(env.DATA_DIR, "models");
}

export async function listGgufFiles(): Promise<GgufFile[]> {
  let names: string[];
  try {
    names = await readdir(modelsDir());
  } catch {
    return [];
  }
  const files: GgufFile[] = [];
  for (const file of names.filter((n) => ggufFileNameSchema.safeParse(n).success).sort()) {
    const info = await stat(path.join(modelsDir(), file)).catch(() => null);
    if (info?.isFile()) files.push({ file, sizeBytes: info.size, modifiedAt: info.mtime });
  }
  return files;
}

/** The absolute path of a model file, or a NotFoundError a person can act on. */
export async function ggufPath(file: string): Promise<string> {
  const parsed = ggufFileNameSchema.safeParse(file);
  if (!parsed.success)
    throw new AppError("BAD_REQUEST", `Embedded model "${file}": ${parsed.error.issues[0]!.message}`);
  const full = path.join(modelsDir(), parsed.data);
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) throw new NotFoundError(`The embedded model file "${parsed.data}" (in ${modelsDir()})`);
  return full;
}

export async function hasGgufMagic(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.toString("latin1") === "GGUF";
  } finally {
    await handle.close();
  }
}

/** Copies a GGUF file from anywhere on this machine into the models folder. */
export async function addGgufFromPath(sourcePath: string): Promise<GgufFile> {
  const source = path.resolve(sourcePath.trim());
  const info = await stat(source).catch(() => null);
  if (!info?.isFile()) throw new AppError("BAD_REQUEST", `There is no file at ${source}.`);
  const file = path.basename(source);
  const name = ggufFileNameSchema.safeParse(file);
  if (!name.success) throw new AppError("BAD_REQUEST", `${file}: ${name.error.issues[0]!.message}`);
  if (!(await hasGgufMagic(source))) throw new AppError("BAD_REQUEST", `${file} is not a GGUF model file.`);
  await mkdir(modelsDir(), { recursive: true });
  const target = path.join(modelsDir(), file);
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      throw new AppError("CONFLICT", `A model named ${file} is already in the models folder.`);
    throw err;
  }
  const copied = await stat(target);
  return { file, sizeBytes: copied.size, modifiedAt: copied.mtime };
}
