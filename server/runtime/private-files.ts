import { chmodSync, existsSync, mkdirSync } from "node:fs";

/**
 * The data folder and the databases in it are this user's only (issue 22, finding 12): they hold
 * every chat, document and the vault's ciphertext. Also tightens what an older version created
 * with the default umask (755/644). Best effort: a file system without modes (some mounts) keeps going.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true, mode: 0o700 });
  tryChmod(dir, 0o700);
}

export function makeDatabaseFilePrivate(file: string): void {
  // turbopackIgnore: paths known only at run time; without it the build traces the whole project.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(/*turbopackIgnore: true*/ f)) tryChmod(f, 0o600);
}

function tryChmod(target: string, mode: number): void {
  try {
    chmodSync(/*turbopackIgnore: true*/ target, mode);
  } catch {
    // A folder or file we do not own: leave its mode to its owner.
  }
}
