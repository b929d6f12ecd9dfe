import "server-only";
import path from "node:path";
import { listWatchedFoldersWithNamespace } from "@/server/knowledge/store/folders";
import { uploadsDir } from "@/server/knowledge/upload";

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * How a document's source is shown to people (issue 22, finding 15: listings showed absolute
 * server paths, the data folder's layout and other users' ids in it). An upload shows its file
 * name; a file of a watched folder its path below the folder, under the folder's own name.
 */
export async function sourcePathDisplay(): Promise<(sourcePath: string | null) => string | null> {
  const folders = (await listWatchedFoldersWithNamespace()).map((f) => f.path);
  const uploads = uploadsDir();
  return (sourcePath) => {
    if (!sourcePath || !path.isAbsolute(sourcePath)) return sourcePath;
    if (inside(uploads, sourcePath)) return path.basename(sourcePath);
    const folder = folders.find((f) => inside(f, sourcePath));
    if (folder) return path.join(path.basename(folder), path.relative(folder, sourcePath)).split(path.sep).join("/");
    return path.basename(sourcePath);
  };
}
