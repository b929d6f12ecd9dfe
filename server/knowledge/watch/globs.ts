import { minimatch } from "minimatch";
import { z } from "zod";
import { detectFormat } from "@/server/extract";

/** One include/exclude pattern, matched against the path relative to the watched folder. */
export const globSchema = z
  .string()
  .trim()
  .min(1, "A glob cannot be empty.")
  .max(200, "A glob is at most 200 characters.")
  .refine(
    (g) => !g.startsWith("/") && !g.split("/").includes(".."),
    "A glob is relative to the folder (no leading / and no ..).",
  );

export const globListSchema = z.array(globSchema).max(50, "At most 50 globs.");

// matchBase: a pattern without a slash ("*.md") matches the file name at any depth.
const OPTIONS = { dot: true, matchBase: true, nocomment: true, nonegate: true } as const;

export type FileMatcher = (relativePath: string) => boolean;

/**
 * Which files of a folder are indexed: supported formats only, then any include glob (none =
 * all), then no exclude glob. Paths use forward slashes, relative to the folder.
 */
export function fileMatcher(include: string[], exclude: string[]): FileMatcher {
  return (rel) => {
    const p = rel.split("\\").join("/");
    if (!detectFormat(p)) return false;
    if (include.length > 0 && !include.some((g) => minimatch(p, g, OPTIONS))) return false;
    return !exclude.some((g) => minimatch(p, g, OPTIONS));
  };
}

/** Hidden files and folders (editor swap files, .git) and dependency folders are never indexed. */
export function isSkippedName(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || name === "node_modules";
}

export function parseGlobs(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
}
