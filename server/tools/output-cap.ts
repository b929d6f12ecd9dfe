import type { ToolOutput } from "@/lib/tools/types";

/** A tool's output as the text the model reads and what is stored. */
export function serializeOutput(output: ToolOutput): string {
  return typeof output === "string" ? output : JSON.stringify(output);
}

/** Cuts text to maxBytes (on a character boundary) and says so, so the model knows it is partial. */
export function capText(text: string, maxBytes: number): { text: string; size: number; truncated: boolean } {
  const size = Buffer.byteLength(text, "utf8");
  if (size <= maxBytes) return { text, size, truncated: false };
  const cut = Buffer.from(text, "utf8")
    .subarray(0, maxBytes)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return {
    text: `${cut}\n[output cut at ${Math.round(maxBytes / 1024)} KB of ${Math.round(size / 1024)} KB]`,
    size,
    truncated: true,
  };
}
