import { rm } from "node:fs/promises";
import path from "node:path";
import { env } from "@/server/env";
import { countAttachmentsByPath } from "@/server/chat/store/attachments";

/** Chat attachments live under DATA_DIR/uploads/<userId>/; rows keep the path relative to it. */
export function uploadsRoot(): string {
  return path.join(env.DATA_DIR, "uploads");
}

/**
 * Deletes the files no attachment row points at any more (a removed attachment, a deleted
 * session). A duplicated session shares its files with the original, hence the count.
 */
export async function removeUnreferencedFiles(paths: string[]) {
  for (const relative of new Set(paths)) {
    const still = await countAttachmentsByPath({ path: relative });
    if (still === 0) await rm(path.join(uploadsRoot(), relative), { force: true });
  }
}
