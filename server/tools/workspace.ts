import path from "node:path";
import { ensureWorkspace } from "@/server/ai/tools/workspace-path";
import { env } from "@/server/env";

/** The folder agents' file tools work in: DATA_DIR/workspace, created on first use. */
export function workspaceDir(): Promise<string> {
  return ensureWorkspace(path.join(env.DATA_DIR, "workspace"));
}
